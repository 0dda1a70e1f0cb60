import { SessionError } from '@sessions/core';

interface DriverError {
  code?: unknown;
  errno?: unknown;
  fatal?: unknown;
  message?: unknown;
}

/** Driver and server codes that mean the connection is gone or the server cannot be reached. */
const LOST_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_SERVER_GONE_ERROR',
  'ER_SERVER_LOST',
  'ER_CLIENT_INTERACTION_TIMEOUT',
]);
// 1053 shutdown in progress, 1927 killed (MariaDB), 2006/2013 gone/lost, 4031 idle timeout (MySQL 8.0.24+).
const LOST_ERRNOS = new Set([1053, 1927, 2006, 2013, 4031]);

export function isConnectionLost(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as DriverError;
  if (typeof e.code === 'string' && LOST_CODES.has(e.code)) return true;
  if (typeof e.errno === 'number' && LOST_ERRNOS.has(e.errno)) return true;
  if (e.fatal === true) return true;
  // mysql2 refuses commands on a connection it already saw die.
  return typeof e.message === 'string' && /connection is in closed state/i.test(e.message);
}

/**
 * The server rolled the whole transaction back because of a concurrent one, so
 * running it again cannot apply anything twice: an InnoDB deadlock victim, a
 * Galera certification failure at COMMIT or a Galera brute-force abort (all
 * 1213), or a lock wait timeout (1205, after which we roll back ourselves).
 */
export function isRolledBackConflict(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as DriverError;
  return e.code === 'ER_LOCK_DEADLOCK' || e.errno === 1213 || e.code === 'ER_LOCK_WAIT_TIMEOUT' || e.errno === 1205;
}

export function isMissingTable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as DriverError;
  return e.code === 'ER_NO_SUCH_TABLE' || e.errno === 1146;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message || String((error as DriverError).code ?? error) : String(error);
}

export const MIGRATE_HINT = 'run `npx sessions-mysql migrate --url <database url>` (or call migrate() from @sessions/mysql) in your deploy step, or pass createTables: true';

export function notMigratedError(detail: string, cause?: unknown, sessionId?: string): SessionError {
  return new SessionError('MIGRATION_FAILED', `the session tables are not in place (${detail}): ${MIGRATE_HINT}`, { sessionId, cause });
}
