/**
 * The handler table: one function per API name. Electron's ipcMain and the Chromium test harness both
 * call `dispatch`, so tests exercise exactly the code the app runs.
 */
import { argSchemas, type ApiName, type ApiParsedArg, type ApiResult } from '../../shared/api';
import { fail, ok, type Result } from '../../shared/result';
import type { ServiceContext } from './context';
import { isUserError } from './errors';
import { getSettings, saveSettings } from './settings';
import { getStatus } from './status';

export type Handlers = {
  [K in ApiName]: (ctx: ServiceContext, arg: ApiParsedArg<K>) => ApiResult<K> | Promise<ApiResult<K>>;
};

export const handlers: Handlers = {
  getSettings: (ctx) => getSettings(ctx),
  saveSettings: (ctx, arg) => saveSettings(ctx, arg),
  getStatus: (ctx) => getStatus(ctx),
};

const GENERIC_ERROR = '予期しないエラーが起きました。操作は保存されていません。もう一度お試しください。';

export type Logger = (message: string, error?: unknown) => void;

const isApiName = (name: unknown): name is ApiName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(argSchemas, name);

/** Validates the untrusted argument, runs the handler, and turns every failure into a clerk-readable Result. */
export async function dispatch(
  ctx: ServiceContext,
  name: unknown,
  rawArg: unknown,
  log: Logger = () => {},
): Promise<Result<unknown>> {
  if (!isApiName(name)) return fail('不明な操作です。');
  const parsed = argSchemas[name].safeParse(rawArg);
  if (!parsed.success) {
    return fail(parsed.error.issues[0]?.message ?? '入力内容が正しくありません。');
  }
  try {
    const handler = handlers[name] as (ctx: ServiceContext, arg: unknown) => unknown;
    return ok(await handler(ctx, parsed.data));
  } catch (e) {
    if (isUserError(e)) return fail(e.message);
    log(`handler ${name} failed`, e);
    return fail(GENERIC_ERROR);
  }
}
