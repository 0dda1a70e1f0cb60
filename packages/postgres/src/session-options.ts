import { SessionError } from '@sessions/core';
import type pg from 'pg';
import { leaseFor, type DrizzlePostgresDatabase, type PoolLease } from './connection.js';

/** Where a session runs and how it treats the schema: the options every session class of this package takes. */
export interface PostgresPoolOptions {
  /** Your app's pg.Pool; `close()` leaves it open. Give it an 'error' listener (see README). */
  pool?: pg.Pool | undefined;
  /** A Drizzle node-postgres database on a pg.Pool; its `$client` is used, and `close()` leaves it open. */
  db?: DrizzlePostgresDatabase | undefined;
  /** A postgres:// URL; the session opens (and `close()` ends) a pool shared by sessions on the same URL. */
  url?: string | undefined;
  /** Extra pg.Pool settings for a pool opened from `url`. */
  poolConfig?: pg.PoolConfig | undefined;
  /** Apply the shipped migrations on first use instead of requiring `sessions-postgres migrate`. Default false. */
  createTables?: boolean | undefined;
}

/** Checks the pool options of a session class named `what`; the pool to use (opened last, so a failed check leaves none behind). */
export function sessionPool(options: unknown, what: string, sessionId: string): { lease: PoolLease; createTables: boolean } {
  if (options === null || typeof options !== 'object') {
    throw new SessionError('INVALID_ARGUMENT', `${what} needs options with one of pool, db or url`, { sessionId });
  }
  const { createTables } = options as PostgresPoolOptions;
  if (createTables !== undefined && typeof createTables !== 'boolean') {
    throw new SessionError('INVALID_ARGUMENT', `createTables must be a boolean, got ${typeof createTables}`, { sessionId });
  }
  return { lease: leaseFor(options, what, sessionId), createTables: createTables ?? false };
}
