/**
 * An error whose message is meant for the clerk (Japanese, no stack, no file paths they cannot act on).
 * Anything else thrown inside a handler is a bug: it is logged and replaced by a generic message.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError;
