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

/** Readiness in progress or done, per pool: checked (default) or migrated (createTables). */
const pending = { checked: new WeakMap<pg.Pool, Promise<void>>(), migrated: new WeakMap<pg.Pool, Promise<void>>() };
const done = { checked: new WeakSet<pg.Pool>(), migrated: new WeakSet<pg.Pool>() };

/** Whether `ensureReady` already succeeded for this pool: calls then skip even awaiting it. */
export function isReady(pool: pg.Pool, createTables: boolean): boolean {
  return done[createTables ? 'migrated' : 'checked'].has(pool);
}

/**
 * Resolves once the pool's database is ready for sessions: checked (default) or
 * migrated (`createTables`). Done once per pool; a failure is retried on the next call.
 */
export function ensureReady(pool: pg.Pool, createTables: boolean): Promise<void> {
  const kind = createTables ? 'migrated' : 'checked';
  let ready = pending[kind].get(pool);
  if (!ready) {
    ready = createTables ? applyPostgresMigrations(pool, POSTGRES_STORE, shippedMigrations()).then(() => {}) : checkMigrated(pool);
    const attempt = ready;
    pending[kind].set(pool, attempt);
    attempt.then(
      () => done[kind].add(pool),
      () => {
        if (pending[kind].get(pool) === attempt) pending[kind].delete(pool);
      },
    );
  }
  return ready;
}
