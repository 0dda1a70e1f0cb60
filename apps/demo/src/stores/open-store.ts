import { UsageError } from '../cli/args.js';
import { defaultDatabaseFile, userPath } from './data-dir.js';
import type { DemoStore, StoreKind } from './demo-store.js';
import { sqliteStore } from './sqlite-store.js';

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

function sqliteFile(choice: StoreChoice): string {
  if (choice.url !== undefined) throw new UsageError(`--url is for postgres and mysql; --store ${choice.kind} takes --db PATH`);
  return choice.db !== undefined ? userPath(choice.db) : defaultDatabaseFile(choice.defaultFile ?? `${choice.kind}.db`);
}

/** Opens the store `--store` names, with its defaults. */
export async function openStore(choice: StoreChoice): Promise<DemoStore> {
  switch (choice.kind) {
    case 'sqlite':
      return sqliteStore(sqliteFile(choice));
    default:
      throw new UsageError(`--store ${choice.kind} is not available in this build yet`);
  }
}
