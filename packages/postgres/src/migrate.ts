import { fileURLToPath } from 'node:url';
import { MIGRATIONS_TABLE, pendingMigrations, readMigrations, SessionError, type Migration } from '@sessions/core';
import type pg from 'pg';
import { withTarget, type PostgresTarget } from './connection.js';
import { isConnectionLost, toPostgresError } from './errors.js';

/** The migrations this package ships (copied from /drizzle/postgres at build time). */
export const postgresMigrationsFolder = fileURLToPath(new URL('../drizzle/postgres', import.meta.url));

export const POSTGRES_STORE = 'postgres';

/**
 * Advisory lock every migrator of ours takes for the whole migration transaction
 * ('sessions' in ASCII). One key for all stores: it also guards creating `sessions_migrations`.
 */
export const MIGRATION_LOCK_KEY = '8315161691213860467';

let shipped: Migration[] | undefined;

export function shippedMigrations(): Migration[] {
  shipped ??= readMigrations(postgresMigrationsFolder);
  return shipped;
}

/**
 * Applies the migrations of `store` not yet recorded in `sessions_migrations`,
 * in one transaction holding an advisory lock: processes starting at once apply
 * each migration exactly once, and a failed migration leaves nothing behind.
 */
export async function applyPostgresMigrations(pool: pg.Pool, store: string, migrations: Migration[]): Promise<string[]> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toPostgresError(`applying ${store} migrations`, error);
  }
  let failure: unknown;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
        "store" text NOT NULL,
        "tag" text NOT NULL,
        "hash" text NOT NULL,
        "applied_at" timestamp with time zone NOT NULL DEFAULT now(),
        PRIMARY KEY ("store", "tag")
      )`,
    );
    const applied = await client.query<{ tag: string; hash: string }>(`SELECT "tag", "hash" FROM "${MIGRATIONS_TABLE}" WHERE "store" = $1`, [store]);
    const pending = pendingMigrations(migrations, applied.rows);
    for (const migration of pending) {
      for (const statement of migration.statements) await client.query(statement);
      await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("store", "tag", "hash") VALUES ($1, $2, $3)`, [store, migration.tag, migration.hash]);
    }
    await client.query('COMMIT');
    return pending.map((m) => m.tag);
  } catch (error) {
    failure = error;
    if (!isConnectionLost(error)) await client.query('ROLLBACK').catch(() => {});
    if (error instanceof SessionError) throw error;
    const mapped = toPostgresError(`applying ${store} migrations`, error);
    if (mapped.code !== 'STORAGE_ERROR') throw mapped;
    throw new SessionError('MIGRATION_FAILED', `applying ${store} migrations failed: ${(error as Error).message}`, { cause: error });
  } finally {
    // A client whose connection broke is destroyed instead of going back to the pool.
    client.release(failure !== undefined && isConnectionLost(failure) ? (failure as Error) : undefined);
  }
}

/**
 * Creates or upgrades the session tables; returns the tags it applied (empty when up to date).
 * Pass the URL, the pg.Pool or the Drizzle node-postgres database your app uses.
 */
export async function migrate(target: PostgresTarget): Promise<string[]> {
  return withTarget(target, 'migrate', (pool) => applyPostgresMigrations(pool, POSTGRES_STORE, shippedMigrations()));
}
