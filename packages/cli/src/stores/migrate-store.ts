import { migrateSqlite } from '@sessions/sqlite';
import { toCliError } from '../cli-error.js';
import type { StoreUrl } from '../store-url.js';
import { openSqliteClient } from './sqlite-client.js';
import type { StoreKind } from './store.js';

/**
 * `sessions migrate`: the servers' own `migrate` functions (the same code as
 * `sessions-postgres migrate` / `sessions-mysql migrate`), and for SQLite the
 * migrators @sessions/sqlite and @sessions/advanced-sqlite apply on first use.
 */
export async function migrateStore(location: StoreUrl, options: { advanced: boolean }): Promise<{ kind: StoreKind; applied: string[] }> {
  try {
    if (location.dialect !== 'sqlite') {
      const { migrate } = location.dialect === 'postgres' ? await import('@sessions/postgres') : await import('@sessions/mysql');
      return { kind: location.dialect, applied: await migrate({ url: location.url }) };
    }
    const client = openSqliteClient(location.path, { create: true });
    try {
      const db = client.connection.db;
      const { hasAdvancedSqliteTables, migrateAdvancedSqlite } = await import('@sessions/advanced-sqlite');
      if (!options.advanced && !hasAdvancedSqliteTables(db)) return { kind: 'sqlite', applied: migrateSqlite(db) };
      return { kind: 'advanced-sqlite', applied: migrateAdvancedSqlite(db) };
    } finally {
      await client.close();
    }
  } catch (error) {
    throw toCliError(error, location.display);
  }
}
