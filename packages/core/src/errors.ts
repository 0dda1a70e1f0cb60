/** Stable machine-readable kinds of failure. */
export type SessionErrorCode =
  | 'SESSION_CLOSED'
  | 'SESSION_EXPIRED'
  | 'INVALID_ITEM'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'CORRUPT_ITEM'
  | 'CONNECTION_LOST'
  | 'STORAGE_ERROR'
  | 'MIGRATION_FAILED'
  /** An encrypted session's key is missing from the keys given, or does not open it. */
  | 'ENCRYPTION_KEY';

export interface SessionErrorOptions {
  sessionId?: string | undefined;
  /** Index of the offending item inside an `addItems` batch. */
  index?: number | undefined;
  cause?: unknown;
}

/**
 * The one error class every package of ours throws. `code` is stable and meant
 * for programs; `message` names the session and what was wrong, for people.
 */
export class SessionError extends Error {
  override readonly name = 'SessionError';
  readonly code: SessionErrorCode;
  readonly sessionId: string | undefined;
  readonly index: number | undefined;

  constructor(code: SessionErrorCode, message: string, options: SessionErrorOptions = {}) {
    const where = options.sessionId === undefined ? '' : `session ${JSON.stringify(options.sessionId)}: `;
    super(where + message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.sessionId = options.sessionId;
    this.index = options.index;
  }
}

export function isSessionError(value: unknown, code?: SessionErrorCode): value is SessionError {
  return value instanceof SessionError && (code === undefined || value.code === code);
}
