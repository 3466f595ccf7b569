import type { KubaruApi } from '../shared/api';
import type { SearchHit } from '../shared/handover';
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

/**
 * The one way a screen calls the API and keeps the answer: the value goes to onValue, a failure to
 * onError, which shows it to the clerk. Nothing is dropped silently. Resolves to whether it succeeded.
 */
export async function call<T>(p: Promise<Result<T>>, onValue: (v: T) => void, onError: (message: string) => void): Promise<boolean> {
  const r = await p;
  if (r.ok) onValue(r.value);
  else onError(r.error);
  return r.ok;
}

/**
 * Search-as-you-type for the 配付 and 返送 screens: a blank query answers no hits at once, and only the
 * answer to the latest query counts (null for one a newer keystroke overtook), so a slow answer to
 * 「た」 never replaces the hits for 「たなか」.
 */
export function latestSearch(limit = 50): (query: string) => Promise<Result<SearchHit[]> | null> {
  let latest = 0;
  return async (query) => {
    const mine = ++latest;
    if (query.trim() === '') return { ok: true, value: [] };
    const r = await api().search({ query, limit });
    return mine === latest ? r : null;
  };
}
