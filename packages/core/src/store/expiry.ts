import { SessionError } from '../errors.js';

/** When a session stops being readable: given when it is created (`openSession`, a session's options). */
export interface SessionExpiryOptions {
  /** The instant the session expires (a `Date` or an ISO-8601 text). */
  expiresAt?: Date | string | undefined;
  /** Seconds from now (when the session object is made) until it expires. */
  ttlSeconds?: number | undefined;
}

/** An instant (`Date` or ISO-8601 text) as ISO-8601 UTC with milliseconds. */
export function checkInstant(sessionId: string | undefined, name: string, value: unknown): string {
  const time = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) {
    throw new SessionError('INVALID_ARGUMENT', `${name} must be a Date or an ISO-8601 time, got ${JSON.stringify(value)}`, {
      ...(sessionId === undefined ? {} : { sessionId }),
    });
  }
  return new Date(time).toISOString();
}

/**
 * The expiry a new session gets from its options, as ISO-8601 UTC, or `null`
 * for none. `ttlSeconds` counts from `now`; giving both is refused.
 */
export function resolveExpiry(sessionId: string | undefined, options: SessionExpiryOptions | undefined, now = Date.now()): string | null {
  const { expiresAt, ttlSeconds } = options ?? {};
  if (expiresAt !== undefined && ttlSeconds !== undefined) {
    throw new SessionError('INVALID_ARGUMENT', 'give either expiresAt or ttlSeconds, not both', { ...(sessionId === undefined ? {} : { sessionId }) });
  }
  if (expiresAt !== undefined) return checkInstant(sessionId, 'expiresAt', expiresAt);
  if (ttlSeconds === undefined) return null;
  if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new SessionError('INVALID_ARGUMENT', `ttlSeconds must be a positive number, got ${String(ttlSeconds)}`, {
      ...(sessionId === undefined ? {} : { sessionId }),
    });
  }
  return new Date(now + ttlSeconds * 1000).toISOString();
}

/** `setSessionExpiry`'s instant: `null` lifts the expiry. */
export function checkExpiry(sessionId: string, expiresAt: unknown): string | null {
  return expiresAt === null ? null : checkInstant(sessionId, 'expiresAt', expiresAt);
}

/**
 * What a write to an expired session throws. An expired session reads as
 * empty until it is pruned; writing to it is refused rather than mixing new
 * items into a history its readers no longer see. Deleting it (the store's
 * `deleteSession`, a prune, or a plain session's `clearSession()`) lets the
 * id start afresh.
 */
export function sessionExpiredError(sessionId: string): SessionError {
  return new SessionError(
    'SESSION_EXPIRED',
    'the session has expired; delete it (deleteSession, or a prune) to use its id afresh, or lift its expiry (setSessionExpiry)',
    { sessionId },
  );
}
