import { fileURLToPath } from 'node:url';
import { readMigrations, type Migration } from '@sessions/core';
import { applySqliteMigrations, migrateSqlite, type SqliteDatabase } from '@sessions/sqlite';

/** The migrations this package ships (copied from /drizzle/advanced-sqlite at build time). */
export const advancedSqliteMigrationsFolder = fileURLToPath(new URL('../drizzle/advanced-sqlite', import.meta.url));

let shipped: Migration[] | undefined;

/**
 * Creates or upgrades everything AdvancedSQLiteSession needs: first the
 * `@sessions/sqlite` tables it shares, then its own. Returns the tags applied.
 */
export function migrateAdvancedSqlite(db: SqliteDatabase): string[] {
  const base = migrateSqlite(db);
  return [...base, ...applySqliteMigrations(db, 'advanced-sqlite', advancedSqliteMigrations())];
}

/** The migrations this package ships for its own tables. */
export function advancedSqliteMigrations(): Migration[] {
  shipped ??= readMigrations(advancedSqliteMigrationsFolder);
  return shipped;
}

/**
 * Whether `db` holds this package's tables (an `AdvancedSQLiteSession` used
 * it, or it was migrated); reads only `sqlite_master`.
 */
export function hasAdvancedSqliteTables(db: SqliteDatabase): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'advanced_branches'`).get() !== undefined;
}
