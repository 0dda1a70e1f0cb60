import { SessionError, redactUrl } from '@sessions/core';
import pg from 'pg';

/** Any object with a pg.Pool as `$client`: what `drizzle(url)` or `drizzle({ client: pool })` from `drizzle-orm/node-postgres` returns. */
export interface DrizzlePostgresDatabase {
  $client: unknown;
}

/** Where a store-level call (migrate, listSessions, deleteSession) runs. */
export type PostgresTarget =
  | { url: string; poolConfig?: pg.PoolConfig | undefined }
  | { pool: pg.Pool }
  | { db: DrizzlePostgresDatabase };

/** A pool in use, and how to give it back: a borrowed pool is never ended. */
export interface PoolLease {
  readonly pool: pg.Pool;
  /** True when the pool was opened by us from a URL. */
  readonly owned: boolean;
  release(): Promise<void>;
}

export function checkUrl(url: unknown, sessionId?: string): string {
  if (typeof url !== 'string' || !/^postgres(ql)?:\/\//i.test(url)) {
    const got = typeof url === 'string' ? 'a string not starting with postgres:// or postgresql://' : typeof url;
    throw new SessionError('INVALID_ARGUMENT', `url must be a postgres:// or postgresql:// URL, got ${got}`, { sessionId });
  }
  try {
    new URL(url);
  } catch (cause) {
    throw new SessionError('INVALID_ARGUMENT', `url ${redactUrl(url)} is not a valid URL`, { sessionId, cause });
  }
  return url;
}

/** Duck-typed so a pool from another copy of `pg` works too; a pg.Client lacks the pool counters. */
function isPool(value: unknown): value is pg.Pool {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.connect === 'function' && typeof candidate.query === 'function' && typeof candidate.totalCount === 'number';
}

export function checkPool(value: unknown, what: string, sessionId?: string): pg.Pool {
  if (!isPool(value)) {
    throw new SessionError(
      'INVALID_ARGUMENT',
      `${what} must be a pg.Pool (a pg.Client cannot run concurrent calls; create the Drizzle database with drizzle({ client: new pg.Pool(...) }) or drizzle(url))`,
      { sessionId },
    );
  }
  return value;
}

/** Settings of the pools we open; the user's `poolConfig` overrides each of them. */
const OWN_POOL_DEFAULTS: pg.PoolConfig = {
  application_name: 'sessions-postgres',
  // A script that forgets close() still exits once its connections are idle.
  allowExitOnIdle: true,
  keepAlive: true,
  connectionTimeoutMillis: 10_000,
};

interface SharedPool {
  pool: pg.Pool;
  users: number;
}

const sharedPools = new Map<string, SharedPool>();

function openPool(url: string, poolConfig: pg.PoolConfig | undefined): pg.Pool {
  const pool = new pg.Pool({ ...OWN_POOL_DEFAULTS, ...poolConfig, connectionString: url });
  // An idle connection the server drops (restart, idle timeout) emits 'error' on the pool; without
  // a listener Node would crash the process. The pool has already discarded that connection.
  pool.on('error', () => {});
  return pool;
}

/**
 * A pool for `url`, shared by every session of this process opened from the same URL
 * and pool settings, so a session per request does not mean a pool per request.
 * The pool is ended when the last lease on it is released.
 */
export function acquirePool(url: string, poolConfig?: pg.PoolConfig): PoolLease {
  const key = JSON.stringify([url, poolConfig ?? null]);
  let entry = sharedPools.get(key);
  if (!entry) {
    entry = { pool: openPool(url, poolConfig), users: 0 };
    sharedPools.set(key, entry);
  }
  entry.users++;
  const shared = entry;
  let released = false;
  return {
    pool: shared.pool,
    owned: true,
    async release() {
      if (released) return;
      released = true;
      shared.users--;
      if (shared.users === 0) {
        sharedPools.delete(key);
        await shared.pool.end();
      }
    },
  };
}

export function borrowPool(pool: pg.Pool): PoolLease {
  return { pool, owned: false, release: async () => {} };
}

/** The pool behind `{ url } | { pool } | { db }`, checking that exactly one was given. */
export function leaseFor(target: unknown, what: string, sessionId?: string): PoolLease {
  if (target === null || typeof target !== 'object') {
    throw new SessionError('INVALID_ARGUMENT', `${what} needs { url }, { pool } or { db }, got ${target === null ? 'null' : typeof target}`, {
      sessionId,
    });
  }
  const { url, pool, db, poolConfig } = target as { url?: unknown; pool?: unknown; db?: unknown; poolConfig?: pg.PoolConfig };
  const given = [url, pool, db].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw new SessionError('INVALID_ARGUMENT', `${what} needs exactly one of url, pool or db, got ${given === 0 ? 'none' : 'several'}`, {
      sessionId,
    });
  }
  if (url !== undefined) return acquirePool(checkUrl(url, sessionId), poolConfig);
  if (pool !== undefined) return borrowPool(checkPool(pool, 'pool', sessionId));
  if (db === null || typeof db !== 'object') {
    throw new SessionError('INVALID_ARGUMENT', 'db must be a Drizzle node-postgres database', { sessionId });
  }
  return borrowPool(checkPool((db as DrizzlePostgresDatabase).$client, 'db.$client', sessionId));
}

/** Runs `step` on the pool of `target`, releasing a pool opened for it afterwards. */
export async function withTarget<T>(target: PostgresTarget, what: string, step: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const lease = leaseFor(target, what);
  try {
    return await step(lease.pool);
  } finally {
    await lease.release();
  }
}

export { redactUrl } from '@sessions/core';
