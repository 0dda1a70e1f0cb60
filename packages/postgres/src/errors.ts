import { SessionError } from '@sessions/core';

/** Socket-level failures: the server is gone, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** SQLSTATEs sent as the server drops or refuses a connection (class 08 is matched separately). */
const SERVER_GONE_STATES = new Set([
  '57P01', // admin_shutdown: restart, pg_terminate_backend
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '57P05', // idle_session_timeout
]);

/** Messages of errors pg raises itself, without a code, when the socket closes. */
const PG_CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
];

const UNDEFINED_TABLE = '42P01';

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether `error` means the connection to the server was lost or could not be made. */
export function isConnectionLost(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const code = codeOf(error);
  if (code !== undefined && (NETWORK_CODES.has(code) || SERVER_GONE_STATES.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError && error.errors.some(isConnectionLost)) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && code === undefined && PG_CONNECTION_MESSAGES.some((re) => re.test(message));
}

export const MIGRATE_HINT = 'run `npx sessions-postgres migrate --url <database URL>` (or call migrate() from @sessions/postgres) in your deploy step, or pass createTables: true';

/** Maps a pg failure to a typed error naming what went wrong. */
export function toPostgresError(operation: string, error: unknown, sessionId?: string): SessionError {
  if (error instanceof SessionError) {
    // A store-level failure (e.g. tables missing) gets the session and the call it broke.
    if (error.sessionId !== undefined || sessionId === undefined) return error;
    return new SessionError(error.code, `${operation} failed: ${error.message}`, { sessionId, cause: error.cause ?? error });
  }
  const reason = error instanceof Error ? error.message || error.constructor.name : String(error);
  if (isConnectionLost(error)) {
    return new SessionError(
      'CONNECTION_LOST',
      `${operation} failed: lost the connection to PostgreSQL (${reason}); the next call opens a new connection, and a write that was in flight may or may not have been applied`,
      { sessionId, cause: error },
    );
  }
  if (codeOf(error) === UNDEFINED_TABLE) {
    return new SessionError('MIGRATION_FAILED', `${operation} failed: the session tables are missing (${reason}); ${MIGRATE_HINT}`, {
      sessionId,
      cause: error,
    });
  }
  return new SessionError('STORAGE_ERROR', `${operation} failed: ${reason}`, { sessionId, cause: error });
}
