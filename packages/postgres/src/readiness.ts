import { MESSAGES_TABLE, MIGRATIONS_TABLE, pendingMigrations, SESSIONS_TABLE, SessionError } from '@sessions/core';
import type pg from 'pg';
import { MIGRATE_HINT } from './errors.js';
import { applyPostgresMigrations, POSTGRES_STORE, shippedMigrations } from './migrate.js';

/**
 * Fails unless the shipped migrations are applied. When `sessions_migrations` is absent
 * but both tables exist, the user manages the schema themselves and is trusted.
 */
async function checkMigrated(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ tables: boolean; journal: boolean }>(
    `SELECT to_regclass('${SESSIONS_TABLE}') IS NOT NULL AND to_regclass('${MESSAGES_TABLE}') IS NOT NULL AS tables,
            to_regclass('${MIGRATIONS_TABLE}') IS NOT NULL AS journal`,
  );
  const { tables, journal } = rows[0]!;
  if (!journal) {
    if (tables) return;
    throw new SessionError('MIGRATION_FAILED', `the session tables do not exist in this database; ${MIGRATE_HINT}`);
  }
  const applied = await pool.query<{ tag: string; hash: string }>(`SELECT "tag", "hash" FROM "${MIGRATIONS_TABLE}" WHERE "store" = $1`, [
    POSTGRES_STORE,
  ]);
  const pending = pendingMigrations(shippedMigrations(), applied.rows);
  if (pending.length > 0) {
    throw new SessionError('MIGRATION_FAILED', `this database lacks migrations ${pending.map((m) => m.tag).join(', ')}; ${MIGRATE_HINT}`);
  }
}

const checked = new WeakMap<pg.Pool, Promise<void>>();
const migrated = new WeakMap<pg.Pool, Promise<void>>();

/**
 * Resolves once the pool's database is ready for sessions: checked (default) or
 * migrated (`createTables`). Done once per pool; a failure is retried on the next call.
 */
export function ensureReady(pool: pg.Pool, createTables: boolean): Promise<void> {
  const cache = createTables ? migrated : checked;
  let ready = cache.get(pool);
  if (!ready) {
    ready = createTables ? applyPostgresMigrations(pool, POSTGRES_STORE, shippedMigrations()).then(() => {}) : checkMigrated(pool);
    cache.set(pool, ready);
    ready.catch(() => {
      if (cache.get(pool) === ready) cache.delete(pool);
    });
  }
  return ready;
}
