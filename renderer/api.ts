import type { KubaruApi } from '../shared/api';
import type { Result } from '../shared/result';

declare global {
  interface Window {
    /** Exposed by electron/preload.ts (or by the test harness, with the same handlers). */
    kubaru: KubaruApi;
  }
}

export const api = (): KubaruApi => window.kubaru;

/** For calls whose failure the screen shows as a message: returns the value or throws the Japanese text. */
export async function unwrap<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
