import { resolve } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/** How long a write waits for another connection's lock before failing. */
export const BUSY_TIMEOUT_MS = 10_000;

interface SharedHandle {
  db: SqliteDatabase;
  users: number;
  /** Per-connection state owned by adapters (prepared statements, migration done, ...). */
  readonly state: Map<string, unknown>;
}

const openFiles = new Map<string, SharedHandle>();

/** Settings applied to every connection we open ourselves. */
function configure(db: SqliteDatabase): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  // FULL in WAL mode: a commit is on disk when addItems returns.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

/** Settings applied to a database the user passes in: we leave its journal mode alone. */
export function configureUserDatabase(db: SqliteDatabase): void {
  if (Number(db.pragma('busy_timeout', { simple: true })) === 0) db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
}

export interface SqliteConnection {
  readonly db: SqliteDatabase;
  readonly state: Map<string, unknown>;
  /** Gives the connection back; the file is closed when its last user releases it. */
  release(): void;
}

/**
 * Opens `path`, sharing one connection among all sessions of this process on
 * the same file: writes are serialised in-process and a process holds one
 * file handle per database, however many sessions it creates.
 * `:memory:` is never shared: each session gets its own private database.
 */
export function acquireConnection(path: string): SqliteConnection {
  if (path === ':memory:' || path === '') {
    const db = new Database(':memory:');
    configure(db);
    return { db, state: new Map(), release: () => db.close() };
  }
  const key = resolve(path);
  let handle = openFiles.get(key);
  if (!handle) {
    const db = new Database(key);
    try {
      configure(db);
    } catch (error) {
      db.close();
      throw error;
    }
    handle = { db, users: 0, state: new Map() };
    openFiles.set(key, handle);
  }
  handle.users++;
  const shared = handle;
  let released = false;
  return {
    db: shared.db,
    state: shared.state,
    release: () => {
      if (released) return;
      released = true;
      shared.users--;
      if (shared.users === 0) {
        openFiles.delete(key);
        shared.db.close();
      }
    },
  };
}

const userStates = new WeakMap<SqliteDatabase, Map<string, unknown>>();

/** Wraps a database the user opened; releasing it never closes it. */
export function borrowConnection(db: SqliteDatabase): SqliteConnection {
  configureUserDatabase(db);
  let state = userStates.get(db);
  if (!state) {
    state = new Map();
    userStates.set(db, state);
  }
  return { db, state, release: () => {} };
}
