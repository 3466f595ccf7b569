import { ImportError } from './import/errors';

/**
 * An error whose message is meant for the clerk (Japanese, no stack, no file paths they cannot act on).
 * Anything else thrown inside a handler is a bug: it is logged and replaced by a generic message.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** A list that cannot be imported is the clerk's business too: its message says what is wrong with the file. */
export const isUserError = (e: unknown): e is Error => e instanceof UserError || e instanceof ImportError;
