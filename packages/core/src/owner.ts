import { SessionError } from './errors.js';
import { MAX_SESSION_ID_LENGTH } from './session-id.js';

/** Checks an `owner` option: undefined (none) or a non-empty string of at most 255 characters without NUL; `null` when none. */
export function checkOwner(sessionId: string | undefined, owner: unknown): string | null {
  if (owner === undefined || owner === null) return null;
  if (typeof owner !== 'string' || owner.length === 0 || [...owner].length > MAX_SESSION_ID_LENGTH || owner.includes('\u0000')) {
    throw new SessionError('INVALID_ARGUMENT', `owner must be a non-empty string of at most ${MAX_SESSION_ID_LENGTH} characters without NUL`, {
      ...(sessionId === undefined ? {} : { sessionId }),
    });
  }
  return owner;
}
