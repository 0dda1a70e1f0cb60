import { UsageError } from '../cli/args.js';
import { defaultDatabaseFile, userPath } from './data-dir.js';
import type { DemoStore, StoreKind } from './demo-store.js';
import { serverUrl } from './server-url.js';

export interface StoreChoice {
  kind: StoreKind;
  /** `--db`, for the SQLite stores. */
  db?: string | undefined;
  /** `--url`, for the servers. */
  url?: string | undefined;
  /** `--migrate`: apply the shipped migrations on a server before use. */
  migrate?: boolean;
  /** File name under apps/demo/.data when `--db` is not given. */
  defaultFile?: string;
}

/** Files under apps/demo/.data shared by the tour, chat and ask, so each continues what the others stored. */
export const DEFAULT_FILES = { 'advanced-sqlite': 'demo.db', sqlite: 'demo-sqlite.db' } as const;

function sqliteFile(choice: StoreChoice): string {
  if (choice.url !== undefined) throw new UsageError(`--url is for postgres and mysql; --store ${choice.kind} takes --db PATH`);
  return choice.db !== undefined ? userPath(choice.db) : defaultDatabaseFile(choice.defaultFile ?? DEFAULT_FILES[choice.kind as 'sqlite' | 'advanced-sqlite']);
}

/** Opens the store `--store` names, with its defaults. Each store's driver is loaded only when chosen. */
export async function openStore(choice: StoreChoice): Promise<DemoStore> {
  switch (choice.kind) {
    case 'sqlite':
      return (await import('./sqlite-store.js')).sqliteStore(sqliteFile(choice));
    case 'advanced-sqlite':
      return (await import('./advanced-sqlite-store.js')).advancedSqliteStore(sqliteFile(choice));
    case 'postgres':
      if (choice.db !== undefined) throw new UsageError('--db is for the SQLite stores; --store postgres takes --url');
      return (await import('./postgres-store.js')).postgresStore(serverUrl('postgres', choice.url), { migrate: choice.migrate ?? false });
    case 'mysql':
      if (choice.db !== undefined) throw new UsageError('--db is for the SQLite stores; --store mysql takes --url');
      return (await import('./mysql-store.js')).mysqlStore(serverUrl('mysql', choice.url), { migrate: choice.migrate ?? false });
  }
}
