/** Calling the handler table as the renderer does, for integration tests. */
import type { ServiceContext } from '../electron/services/context';
import { dispatch } from '../electron/services/handlers';

/** The value of a call that must succeed; an unexpected (logged) error fails the test with its cause. */
export async function call<T>(ctx: ServiceContext, name: string, arg?: unknown): Promise<T> {
  const r = await dispatch(ctx, name, arg, (m, e) => {
    throw new Error(`${m}: ${String(e)}`);
  });
  if (!r.ok) throw new Error(r.error);
  return r.value as T;
}

/** The clerk's message of a call that must fail. */
export async function callError(ctx: ServiceContext, name: string, arg?: unknown): Promise<string> {
  const r = await dispatch(ctx, name, arg);
  if (r.ok) throw new Error(`${name} succeeded`);
  return r.error;
}
