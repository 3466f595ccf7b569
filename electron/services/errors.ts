import { ImportError } from './sheet/errors';

/**
 * An error whose message is meant for the clerk (Japanese, no stack, no file paths they cannot act on).
 * Anything else thrown inside a handler is a bug: it is logged and replaced by a generic message.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** A list that cannot be imported is the clerk's business too: its message says what is wrong with the file. */
export const isUserError = (e: unknown): e is Error => e instanceof UserError || e instanceof ImportError;

export const DISK_FULL_MESSAGE = 'ディスクの空きが足りません。不要なファイルを削除して空きを作ってから、もう一度お試しください。';

/** SQLite's "database or disk is full" and the file system's: the clerk can act on it, unlike on a bug. */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT';
}

/** What the clerk is told about a failure, or null when it is a bug (logged, then a generic message). */
export function clerkMessage(e: unknown): string | null {
  if (isUserError(e)) return e.message;
  if (isDiskFull(e)) return DISK_FULL_MESSAGE;
  return null;
}
