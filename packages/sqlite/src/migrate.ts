import { fileURLToPath } from 'node:url';
import { MIGRATIONS_TABLE, pendingMigrations, readMigrations, SessionError, type Migration } from '@sessions/core';
import type { SqliteDatabase } from './connection.js';

/** The migrations this package ships (copied from /drizzle/sqlite at build time). */
export const sqliteMigrationsFolder = fileURLToPath(new URL('../drizzle/sqlite', import.meta.url));

/**
 * Applies the migrations of `store` not yet recorded in our own
 * `sessions_migrations` table. Runs in one IMMEDIATE transaction, so several
 * processes starting at once apply each migration exactly once, and a failed
 * migration leaves nothing half-applied.
 */
export function applySqliteMigrations(db: SqliteDatabase, store: string, migrations: Migration[]): string[] {
  const run = db.transaction(() => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
        "store" text NOT NULL,
        "tag" text NOT NULL,
        "hash" text NOT NULL,
        "applied_at" text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY ("store", "tag")
      )`,
    );
    const applied = db.prepare(`SELECT "tag", "hash" FROM "${MIGRATIONS_TABLE}" WHERE "store" = ?`).all(store) as {
      tag: string;
      hash: string;
    }[];
    const pending = pendingMigrations(migrations, applied);
    const record = db.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" ("store", "tag", "hash") VALUES (?, ?, ?)`);
    for (const migration of pending) {
      for (const statement of migration.statements) db.exec(statement);
      record.run(store, migration.tag, migration.hash);
    }
    return pending.map((m) => m.tag);
  });
  try {
    return run.immediate();
  } catch (error) {
    if (error instanceof SessionError) throw error;
    throw new SessionError('MIGRATION_FAILED', `applying ${store} migrations failed: ${(error as Error).message}`, { cause: error });
  }
}

/** The migrations of `store` not yet recorded in `db` (all of them in a file without our tables); applies nothing. */
export function pendingSqliteMigrations(db: SqliteDatabase, store: string, migrations: Migration[]): string[] {
  const recorded = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(MIGRATIONS_TABLE) !== undefined;
  const applied = recorded
    ? (db.prepare(`SELECT "tag", "hash" FROM "${MIGRATIONS_TABLE}" WHERE "store" = ?`).all(store) as { tag: string; hash: string }[])
    : [];
  return pendingMigrations(migrations, applied).map((m) => m.tag);
}

let shipped: Migration[] | undefined;

/** The migrations this package ships. */
export function sqliteMigrations(): Migration[] {
  shipped ??= readMigrations(sqliteMigrationsFolder);
  return shipped;
}

/** Creates or upgrades the session tables of `db`; returns the tags it applied. */
export function migrateSqlite(db: SqliteDatabase): string[] {
  return applySqliteMigrations(db, 'sqlite', sqliteMigrations());
}
