import { SessionError } from '@sessions/core';
import type { PoolOptions } from 'mysql2/promise';
import { connect, type DrizzleMySQLDatabase, type MySQLClient, type MySQLPool, type MySQLTarget } from './connection.js';
import { errorText, isConnectionLost, isMissingTable, notMigratedError } from './errors.js';
import { isGaleraPool } from './galera.js';
import { applyMySQLMigrations, assertMigrated, MYSQL_STORE, shippedMigrations } from './migrate.js';
import { readsFor, type ItemReads } from './statements.js';

/** Where a session's tables are, and whether it may create them: what `MySQLSession` and `AdvancedMySQLSession` both take. */
export interface MySQLConnectOptions {
  /** A mysql2 pool of the app's; `close()` leaves it open. */
  pool?: MySQLPool | undefined;
  /** A Drizzle mysql2 database of the app's (its `$client` pool is used); `close()` leaves it open. */
  db?: DrizzleMySQLDatabase | undefined;
  /** mysql://user:password@host:3306/database; the session opens (and `close()` ends) a pool. Prefer `fromUrl`. */
  url?: string | undefined;
  /** mysql2 pool options for the pool opened from `url` (such a pool is then not shared with other sessions). */
  poolOptions?: PoolOptions | undefined;
  /**
   * Apply the shipped migrations on first use (under a server lock, so many
   * processes may start at once). Off by default: run `sessions-mysql migrate` in your deploy step.
   */
  createTables?: boolean | undefined;
}

function target(options: MySQLConnectOptions, sessionId: string): MySQLTarget {
  if (options.poolOptions !== undefined && options.url === undefined) {
    throw new SessionError('INVALID_ARGUMENT', 'poolOptions only applies with url (configure your own pool instead)', { sessionId });
  }
  // All three are handed on so that connect() can refuse more than one.
  return { url: options.url, poolOptions: options.poolOptions, pool: options.pool, db: options.db } as MySQLTarget;
}

/** Checks a session's id and options and opens (or borrows) its pool. */
export function connectSession(sessionId: string, options: MySQLConnectOptions, className: string): { client: MySQLClient; createTables: boolean } {
  if (sessionId.endsWith(' ')) {
    // MySQL's utf8mb4_bin is a PAD SPACE collation: 'a' and 'a ' would be one key and share a history.
    throw new SessionError('INVALID_ARGUMENT', 'session id must not end with a space on MySQL (trailing spaces are ignored by its key comparison)', { sessionId });
  }
  if (options === null || typeof options !== 'object') {
    throw new SessionError('INVALID_ARGUMENT', `${className} needs options with one of url, pool or db`, { sessionId });
  }
  if (options.createTables !== undefined && typeof options.createTables !== 'boolean') {
    throw new SessionError('INVALID_ARGUMENT', `createTables must be a boolean, got ${typeof options.createTables}`, { sessionId });
  }
  return { client: connect(target(options, sessionId), sessionId), createTables: options.createTables === true };
}

/** Schema readiness per pool: checked (or migrated) once, not per session object. */
const readiness = new WeakMap<object, { promise: Promise<ItemReads>; migrates: boolean }>();

/**
 * Checks, or with `createTables` applies, the migrations once per pool, and
 * learns which reads the server needs (see causalRead); a failure is checked
 * again by the next call.
 */
export function schemaReady(client: MySQLClient, createTables: boolean): Promise<ItemReads> {
  const key = client.key;
  let entry = readiness.get(key);
  if (!entry || (createTables && !entry.migrates)) {
    const pool = client.pool;
    const apply = async () => {
      await applyMySQLMigrations(pool, MYSQL_STORE, shippedMigrations());
      return readsFor(await isGaleraPool(pool, key));
    };
    const check = async () => {
      const galera = await isGaleraPool(pool, key);
      await assertMigrated(pool, galera);
      return readsFor(galera);
    };
    // No session id in the shared check: each session waiting on it names itself (toSessionError).
    const promise = createTables ? (entry ? entry.promise.catch(apply) : apply()) : check();
    const created = { promise, migrates: createTables };
    readiness.set(key, created);
    promise.catch(() => {
      if (readiness.get(key) === created) readiness.delete(key);
    });
    entry = created;
  }
  return entry.promise;
}

/** What a driver error means for a session's caller: lost connection, missing tables; `undefined` for anything else. */
export function sessionStorageError(operation: string, error: unknown, sessionId?: string): SessionError | undefined {
  if (isConnectionLost(error)) {
    const outcome = operation === 'addItems' ? ' (the batch may or may not have been stored)' : operation === 'popItem' ? ' (the item may or may not have been removed)' : '';
    return new SessionError(
      'CONNECTION_LOST',
      `${operation} lost its connection to the MySQL server${outcome}: ${errorText(error)}; the next call opens a new connection`,
      { sessionId, cause: error },
    );
  }
  if (isMissingTable(error)) return notMigratedError(errorText(error), error, sessionId);
  return undefined;
}
