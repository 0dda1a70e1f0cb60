import { SessionError } from './errors.js';

/** Longest session id every store accepts (MySQL indexes a utf8mb4 VARCHAR(255)). */
export const MAX_SESSION_ID_LENGTH = 255;

export function checkSessionId(sessionId: unknown): string {
  if (typeof sessionId !== 'string' || sessionId.length === 0) {
    throw new SessionError('INVALID_ARGUMENT', `session id must be a non-empty string, got ${JSON.stringify(sessionId) ?? String(sessionId)}`);
  }
  if ([...sessionId].length > MAX_SESSION_ID_LENGTH) {
    throw new SessionError('INVALID_ARGUMENT', `session id is longer than ${MAX_SESSION_ID_LENGTH} characters`);
  }
  if (sessionId.includes('\u0000')) {
    throw new SessionError('INVALID_ARGUMENT', 'session id must not contain NUL characters');
  }
  return sessionId;
}
