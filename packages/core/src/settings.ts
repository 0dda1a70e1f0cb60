import { SessionError } from './errors.js';

export interface SessionSettings {
  /** Default number of latest items `getItems()` returns when called without a limit. */
  limit?: number | undefined;
}

function checkLimit(sessionId: string, limit: unknown, what: string): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw new SessionError('INVALID_ARGUMENT', `${what} must be a non-negative integer, got ${String(limit)}`, { sessionId });
  }
  return limit;
}

/** Validates `sessionSettings` once, when a session is created. */
export function checkSessionSettings(sessionId: string, settings: SessionSettings | undefined): SessionSettings {
  if (settings === undefined) return {};
  if (settings === null || typeof settings !== 'object') {
    throw new SessionError('INVALID_ARGUMENT', 'sessionSettings must be an object', { sessionId });
  }
  if (settings.limit === undefined || settings.limit === null) return {};
  return { limit: checkLimit(sessionId, settings.limit, 'sessionSettings.limit') };
}

/**
 * The limit a `getItems` call reads with: an explicit argument wins, otherwise
 * the session's setting; `undefined` means every item.
 */
export function resolveLimit(sessionId: string, explicit: unknown, settings: SessionSettings): number | undefined {
  if (explicit !== undefined && explicit !== null) return checkLimit(sessionId, explicit, 'getItems limit');
  return settings.limit;
}
