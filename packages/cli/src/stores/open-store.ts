import { migrateSqlite } from '@sessions/sqlite';
import { toCliError } from '../cli-error.js';
import type { StoreUrl } from '../store-url.js';
import { BasicStore } from './basic-store.js';
import { openMysqlClient } from './mysql-client.js';
import { openPostgresClient } from './postgres-client.js';
import { openSqliteClient } from './sqlite-client.js';
import type { Store } from './store.js';

export interface OpenOptions {
  /**
   * For SQLite: create the file and its tables when missing, as the SQLite
   * adapters do on first use (import and copy destinations). Servers are never
   * migrated behind the user's back: run `sessions migrate`.
   */
  create?: boolean | undefined;
}

export async function openStore(location: StoreUrl, options: OpenOptions = {}): Promise<Store> {
  try {
    switch (location.dialect) {
      case 'sqlite': {
        const client = openSqliteClient(location.path, { create: options.create === true });
        try {
          if (options.create) migrateSqlite(client.connection.db);
        } catch (error) {
          await client.close();
          throw error;
        }
        return new BasicStore(location, 'sqlite', client);
      }
      case 'postgres':
        return new BasicStore(location, 'postgres', await openPostgresClient(location.url));
      case 'mysql':
        return new BasicStore(location, 'mysql', await openMysqlClient(location.url));
    }
  } catch (error) {
    throw toCliError(error, location.display);
  }
}
