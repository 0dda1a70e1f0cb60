import { SessionError, redactUrl } from '@sessions/core';
import mysql from 'mysql2';
import { createPool, type Pool, type PoolConnection, type PoolOptions } from 'mysql2/promise';
import { errorText, isConnectionLost } from './errors.js';

/** A mysql2 pool, promise or callback flavour (a callback pool has `.promise()`). */
export type MySQLPool = Pool | { promise(): Pool };

/** A Drizzle mysql2 database (`drizzle(pool)`); only its `$client` is used. */
export interface DrizzleMySQLDatabase {
  $client: unknown;
}

/** Where the session tables live: a URL (we open and own a pool), the app's pool, or the app's Drizzle database. */
export type MySQLTarget =
  | { url: string; poolOptions?: PoolOptions | undefined }
  | { pool: MySQLPool }
  | { db: DrizzleMySQLDatabase };

/** A pool to run on, and how to give it back. */
export interface MySQLClient {
  readonly pool: Pool;
  /** Stable identity of the underlying pool, for per-pool caches. */
  readonly key: object;
  /** Ends the pool when we opened it (and nobody else still uses it); leaves a user's pool alone. */
  release(): Promise<void>;
}

export function checkUrl(url: unknown, sessionId?: string): string {
  if (typeof url !== 'string' || url.length === 0) {
    throw new SessionError('INVALID_ARGUMENT', `url must be a non-empty string like mysql://user:password@host:3306/database, got ${typeof url}`, { sessionId });
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SessionError('INVALID_ARGUMENT', 'url is not a valid URL; expected mysql://user:password@host:3306/database', { sessionId });
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new SessionError('INVALID_ARGUMENT', `url must start with mysql:// or mariadb://, got ${parsed.protocol}//`, { sessionId });
  }
  if (parsed.pathname.replace(/^\//, '') === '') {
    throw new SessionError('INVALID_ARGUMENT', `url ${redactUrl(url)} names no database (add /<database> after the host)`, { sessionId });
  }
  return parsed.protocol === 'mariadb:' ? `mysql:${url.slice('mariadb:'.length)}` : url;
}

/** Every pool we open: utf8mb4 end to end, so emoji and NUL survive. Also a handy way to make the pool you pass as `{ pool }`. */
export function openPool(url: string, options: PoolOptions = {}): Pool {
  return createPool({
    connectionLimit: 10,
    enableKeepAlive: true,
    ...options,
    uri: checkUrl(url),
    charset: 'UTF8MB4_UNICODE_CI',
  });
}

interface SharedPool {
  pool: Pool;
  users: number;
}

/** Pools opened from a URL, shared by every session of this process on that URL. */
const sharedPools = new Map<string, SharedPool>();

function acquireUrlPool(url: string): MySQLClient {
  let shared = sharedPools.get(url);
  if (!shared) {
    shared = { pool: openPool(url), users: 0 };
    sharedPools.set(url, shared);
  }
  shared.users++;
  const entry = shared;
  let released = false;
  return {
    pool: entry.pool,
    key: poolKey(entry.pool),
    async release() {
      if (released) return;
      released = true;
      entry.users--;
      if (entry.users === 0) {
        if (sharedPools.get(url) === entry) sharedPools.delete(url);
        await entry.pool.end().catch(() => {});
      }
    },
  };
}

function isPromisePool(value: unknown): value is Pool {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Pool).getConnection === 'function' &&
    typeof (value as Pool).execute === 'function' &&
    typeof (value as { promise?: unknown }).promise !== 'function'
  );
}

/** Accepts a promise pool or a callback pool; anything else (a single connection, say) is refused. */
export function asPromisePool(value: unknown, what: string, sessionId?: string): Pool {
  if (value !== null && typeof value === 'object' && typeof (value as { promise?: unknown }).promise === 'function') {
    const converted = (value as { promise(): unknown }).promise();
    if (isPromisePool(converted) || typeof (converted as Pool)?.getConnection === 'function') return converted as Pool;
  }
  if (isPromisePool(value)) return value;
  throw new SessionError(
    'INVALID_ARGUMENT',
    `${what} must be a mysql2 pool (createPool from mysql2 or mysql2/promise); a single connection cannot run concurrent transactions`,
    { sessionId },
  );
}

/** The mysql2 core pool behind a promise pool: one key however many promise wrappers exist. */
export function poolKey(pool: Pool): object {
  return ((pool as unknown as { pool?: object }).pool ?? pool) as object;
}

/** Refuses a pool whose connections do not speak utf8mb4: 4-byte characters would be mangled. */
const utf8mb4Pools = new WeakSet<object>();

function checkCharset(pool: Pool, sessionId?: string): void {
  if (utf8mb4Pools.has(poolKey(pool))) return;
  const config = (poolKey(pool) as { config?: { connectionConfig?: { charsetNumber?: number } } }).config;
  const number = config?.connectionConfig?.charsetNumber;
  if (typeof number !== 'number') return;
  const charsets = (mysql as unknown as { Charsets?: Record<string, number> }).Charsets ?? {};
  const name = Object.keys(charsets).find((key) => charsets[key] === number);
  if (name && !name.startsWith('UTF8MB4')) {
    throw new SessionError('INVALID_ARGUMENT', `the pool's connections use charset ${name}; create it with charset: 'utf8mb4' (the mysql2 default) so items round-trip`, { sessionId });
  }
  utf8mb4Pools.add(poolKey(pool));
}

function describeTarget(target: unknown): string {
  return target === null || typeof target !== 'object' ? String(target) : `an object with ${Object.keys(target).join(', ') || 'no keys'}`;
}

/** Opens (url) or borrows (pool, db) the pool a target names. */
export function connect(target: MySQLTarget, sessionId?: string): MySQLClient {
  if (target === null || typeof target !== 'object') {
    throw new SessionError('INVALID_ARGUMENT', `expected { url }, { pool } or { db }, got ${describeTarget(target)}`, { sessionId });
  }
  const given = ['url', 'pool', 'db'].filter((key) => (target as Record<string, unknown>)[key] !== undefined);
  if (given.length !== 1) {
    throw new SessionError('INVALID_ARGUMENT', `pass exactly one of url, pool or db, got ${given.length === 0 ? 'none' : given.join(' and ')}`, { sessionId });
  }
  if ('url' in target && target.url !== undefined) {
    const url = checkUrl(target.url, sessionId);
    if (target.poolOptions) {
      const pool = openPool(url, target.poolOptions);
      return { pool, key: poolKey(pool), release: () => pool.end().catch(() => {}) };
    }
    return acquireUrlPool(url);
  }
  let pool: Pool;
  if ('pool' in target && target.pool !== undefined) {
    pool = asPromisePool(target.pool, 'pool', sessionId);
  } else {
    const db = (target as { db: DrizzleMySQLDatabase }).db;
    if (db === null || typeof db !== 'object' || !('$client' in db)) {
      throw new SessionError('INVALID_ARGUMENT', 'db must be a Drizzle mysql2 database (drizzle(pool) from drizzle-orm/mysql2)', { sessionId });
    }
    pool = asPromisePool(db.$client, 'db.$client', sessionId);
  }
  checkCharset(pool, sessionId);
  return { pool, key: poolKey(pool), release: async () => {} };
}

/** Runs `work` on one pooled connection; a connection that died is destroyed, never handed back. */
export async function withConnection<T>(pool: Pool, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  const connection = await pool.getConnection();
  let healthy = true;
  try {
    return await work(connection);
  } catch (error) {
    if (isConnectionLost(error)) healthy = false;
    throw error;
  } finally {
    if (healthy) connection.release();
    else connection.destroy();
  }
}

export { errorText };

export { redactUrl } from '@sessions/core';
