import { UsageError } from '../cli/args.js';
import type { OpenSessionStore, SessionStore } from '@sessions/core';
import { defaultDatabaseFile, ensureParentDir, userPath } from './data-dir.js';
import { contractStore, type DemoStore, type StoreKind } from './demo-store.js';
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

/** A SQLite file as a store, created with its tables when missing. */
async function fileStore(kind: 'sqlite' | 'advanced-sqlite', path: string): Promise<DemoStore> {
  ensureParentDir(path);
  const store =
    kind === 'sqlite'
      ? await (await import('@sessions/sqlite')).openSessionStore(path, { create: true })
      : await (await import('@sessions/advanced-sqlite')).openAdvancedSqliteStore(path, { create: true });
  return contractStore(kind, store, ['--store', kind, '--db', path]);
}

/** A server store through its package's `openSessionStore`; `--migrate` applies the shipped migrations first. */
async function serverContractStore(kind: 'postgres' | 'mysql', url: string, open: OpenSessionStore, migrate: boolean): Promise<DemoStore> {
  const store: SessionStore = await open(url);
  try {
    if (migrate) await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return contractStore(kind, store, ['--store', kind, '--url', url]);
}

/** Opens the store `--store` names, with its defaults. Each store's driver is loaded only when chosen. */
export async function openStore(choice: StoreChoice): Promise<DemoStore> {
  switch (choice.kind) {
    case 'sqlite':
    case 'advanced-sqlite':
      return fileStore(choice.kind, sqliteFile(choice));
    case 'postgres':
    case 'mysql': {
      if (choice.db !== undefined) throw new UsageError(`--db is for the SQLite stores; --store ${choice.kind} takes --url`);
      const url = serverUrl(choice.kind, choice.url);
      const open: OpenSessionStore =
        choice.kind === 'postgres' ? (await import('@sessions/postgres')).openSessionStore : (await import('@sessions/mysql')).openSessionStore;
      return serverContractStore(choice.kind, url, open, choice.migrate ?? false);
    }
  }
}
