import { migrateSqlite } from '@sessions/sqlite';
import { toCliError } from '../cli-error.js';
import type { StoreUrl } from '../store-url.js';
import { openSqliteClient } from './sqlite-client.js';
import type { StoreKind } from './store.js';

interface ServerMigrator {
  migrate(target: { url: string }): Promise<string[]>;
}

/** The server packages' own `migrate`, so `sessions migrate` is the very same command as theirs. */
async function serverMigrator(dialect: 'postgres' | 'mysql'): Promise<ServerMigrator> {
  const name = dialect === 'postgres' ? '@sessions/postgres' : '@sessions/mysql';
  return (await import(name)) as ServerMigrator;
}

export async function migrateStore(location: StoreUrl, options: { advanced: boolean }): Promise<{ kind: StoreKind; applied: string[] }> {
  try {
    if (location.dialect !== 'sqlite') {
      const { migrate } = await serverMigrator(location.dialect);
      return { kind: location.dialect, applied: await migrate({ url: location.url }) };
    }
    const client = openSqliteClient(location.path, { create: true });
    try {
      const applied = migrateSqlite(client.connection.db);
      return { kind: 'sqlite', applied };
    } finally {
      await client.close();
    }
  } catch (error) {
    throw toCliError(error, location.display);
  }
}
