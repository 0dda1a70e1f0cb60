import { toCliError } from '../cli-error.js';
import type { StoreUrl } from '../store-url.js';
import { BasicStore } from './basic-store.js';
import { openSqliteClient } from './sqlite-client.js';
import type { SessionPage } from './records.js';
import type { Store } from './store.js';
import { SESSIONS_TABLE } from '@sessions/core';

export interface OpenOptions {
  /**
   * For SQLite: create the file and its tables when missing, as the SQLite
   * adapters do on first use (import and copy destinations). A new file gets
   * advanced-sqlite's tables, a superset that keeps branches, usage and
   * metadata. Servers are never migrated behind the user's back: run
   * `sessions migrate`.
   */
  create?: boolean | undefined;
}

type ServerList = (target: { url: string }, options: { limit?: number; cursor?: string }) => Promise<{
  sessions: { sessionId: string; createdAt: Date; updatedAt: Date; itemCount: number }[];
  nextCursor?: string;
}>;

/** The server packages' own `listSessions`, so `sessions list` pages exactly like their API. */
function serverList(list: ServerList, url: string) {
  return async (options: { limit: number; cursor?: string | undefined }): Promise<SessionPage> => {
    const page = await list({ url }, { limit: Math.min(options.limit, 1000), ...(options.cursor === undefined ? {} : { cursor: options.cursor }) });
    return {
      sessions: page.sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() })),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  };
}

export async function openStore(location: StoreUrl, options: OpenOptions = {}): Promise<Store> {
  try {
    switch (location.dialect) {
      case 'sqlite': {
        const client = openSqliteClient(location.path, { create: options.create === true });
        try {
          const fresh = !(await client.tableExists(SESSIONS_TABLE));
          // Loaded for SQLite files only: a server command never loads it.
          const { hasAdvancedSqliteTables, migrateAdvancedSqlite } = await import('@sessions/advanced-sqlite');
          if ((options.create && fresh) || hasAdvancedSqliteTables(client.connection.db)) {
            const { AdvancedStore } = await import('./advanced-store.js');
            if (options.create) migrateAdvancedSqlite(client.connection.db);
            return new AdvancedStore(location, client);
          }
          return new BasicStore(location, 'sqlite', client);
        } catch (error) {
          await client.close();
          throw error;
        }
      }
      // Each driver is loaded only for its own URLs.
      case 'postgres': {
        const [{ listSessions }, { openPostgresClient }] = await Promise.all([import('@sessions/postgres'), import('./postgres-client.js')]);
        return new BasicStore(location, 'postgres', await openPostgresClient(location.url), serverList(listSessions, location.url));
      }
      case 'mysql': {
        const [{ listSessions }, { openMysqlClient }] = await Promise.all([import('@sessions/mysql'), import('./mysql-client.js')]);
        return new BasicStore(location, 'mysql', await openMysqlClient(location.url), serverList(listSessions, location.url));
      }
    }
  } catch (error) {
    throw toCliError(error, location.display);
  }
}
