import {
  archiveReader,
  archiveWriter,
  openArchivedRows,
  openListedMetadata,
  type StoredSessionKey,
  branchPruneStep,
  checkArchive,
  type PruneBranchesStep,
  checkSessionId,
  checkStoreListOptions,
  checkTurnRange,
  checkUsageSumOptions,
  decodeCursor,
  plainTurnRange,
  readBranchTurns,
  deleteSessionPlan,
  MAIN_BRANCH,
  readArchive,
  runSync,
  storePage,
  writeArchive,
  type JsonObject,
  type OpenSessionStore,
  type SessionStore,
  type OpenSessionStoreOptions,
  type OpenStoreSessionOptions,
  type StoreArchive,
  type StoreArchiveInput,
  type StoreListOptions,
  type StorePage,
  type TurnRange,
  type TurnRangeItem,
  type UsageSum,
  type UsageSumOptions,
  type WriteSessionArchiveOptions,
} from '@sessions/core';
import {
  listingOrder,
  pendingSqliteMigrations,
  plainStoreStatements,
  SQLITE_POSITION,
  SqliteSessionStore,
  SqliteStoreBase,
  sqliteMigrations,
  storeFile,
  type SqliteDatabase,
} from '@sessions/sqlite';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AdvancedSQLiteSession } from '../advanced-sqlite-session.js';
import { existingState, type ConnectionState } from '../connection-state.js';
import { advancedSqliteMigrations, hasAdvancedSqliteTables, migrateAdvancedSqlite } from '../migrate.js';
import { metadataFilterSql, sessionCounts } from '../session-list.js';
import { sqliteArchiveTimes } from './archive-times.js';
import { findOldBranches, removeOldBranches } from './branch-prune.js';

interface ListedRow {
  sessionId: string;
  owner: string | null;
  createdAt: string;
  updatedAt: string;
  metadata: string | null;
}

const LISTED = `s.session_id AS sessionId, s.owner AS owner, s.created_at AS createdAt, s.updated_at AS updatedAt, md.metadata AS metadata
  FROM agent_sessions s LEFT JOIN advanced_session_metadata md ON md.session_id = s.session_id`;

/**
 * `@sessions/advanced-sqlite` as a store: sessions with their branches,
 * usage and metadata, read and written as archives through the branch
 * model of `@sessions/core`. A session written by a plain `SQLiteSession`
 * in the same file (no branch rows) reads as its rows on `main`.
 */
const KEY_ROW = `SELECT key_id AS keyId, wrapped_key AS wrappedKey FROM agent_session_keys WHERE session_id = ?`;
const INSERT_KEY = `INSERT INTO agent_session_keys (session_id, key_id, wrapped_key) VALUES (?, ?, ?)`;

export class AdvancedSqliteStore extends SqliteStoreBase {
  readonly kind = 'advanced-sqlite';
  readonly capabilities = { advanced: true };

  protected applyMigrations(db: SqliteDatabase): string[] {
    return migrateAdvancedSqlite(db);
  }

  protected pendingIn(db: SqliteDatabase): string[] {
    return [...pendingSqliteMigrations(db, 'sqlite', sqliteMigrations()), ...pendingSqliteMigrations(db, 'advanced-sqlite', advancedSqliteMigrations())];
  }

  /** The shared statements and driver; fails with SQLite's "no such table" on a file without this package's tables. */
  #state(): ConnectionState {
    this.database();
    return existingState(this.connection());
  }

  openSession(sessionId: string, options: OpenStoreSessionOptions = {}): AdvancedSQLiteSession {
    this.connection();
    return new AdvancedSQLiteSession(sessionId, {
      path: this.path,
      owner: options.owner,
      sessionSettings: options.sessionSettings,
      expiresAt: options.expiresAt,
      ttlSeconds: options.ttlSeconds,
      encryption: this.keyring,
    });
  }

  protected override pruneBranchesStep(): PruneBranchesStep {
    return branchPruneStep(
      async (before, owner, after, limit) => {
        this.#state();
        return findOldBranches(this.connection().db, before, owner, after, limit);
      },
      async (old, dryRun) => removeOldBranches(this.connection().db, this.#state().driver, old, dryRun),
    );
  }

  protected override pruneCountTables() {
    return { branches: 'advanced_branches', usage: 'advanced_turn_usage' };
  }

  async listSessions(options?: StoreListOptions): Promise<StorePage> {
    const { owner, metadata, limit, cursor } = checkStoreListOptions(options, { kind: this.kind, keepsMetadata: true, metadataEncrypted: this.keyring !== undefined });
    const after = cursor === undefined ? undefined : decodeCursor(cursor, SQLITE_POSITION);
    const filter = metadataFilterSql(metadata ?? []);
    return this.run('listSessions', undefined, async () => {
      const { driver } = this.#state();
      const db = this.connection().db;
      const sql = `SELECT ${LISTED} ${listingOrder('s', owner !== null, after !== undefined, filter.where)}`;
      const params = [...(owner === null ? [] : [owner]), ...(after ?? []), ...filter.params, limit + 1];
      const rows = db.transaction(() => (db.prepare(sql).all(...params) as ListedRow[]).map((row) => ({ row, counts: sessionCounts(driver, row.sessionId) })))();
      const page = storePage(
        rows,
        limit,
        ({ row, counts }) => ({
          sessionId: row.sessionId,
          owner: row.owner,
          createdAt: row.createdAt,
          updatedAt: row.updatedAt,
          ...counts,
          metadata: row.metadata === null ? {} : (JSON.parse(row.metadata) as JsonObject),
        }),
        ({ row }) => row.updatedAt,
      );
      await openListedMetadata(this.keyring, page.sessions, (sessionId) => db.prepare(KEY_ROW).get(sessionId) as StoredSessionKey | undefined);
      return page;
    });
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    const id = checkSessionId(sessionId);
    return this.run('deleteSession', id, () => {
      const { driver } = this.#state();
      const db = this.connection().db;
      return db.transaction(() => runSync(deleteSessionPlan({ sessionId: id, branchId: MAIN_BRANCH, handle: id }, id), driver)).immediate();
    });
  }

  async readArchive(sessionId: string): Promise<StoreArchive | undefined> {
    const id = checkSessionId(sessionId);
    return this.run('readArchive', id, () => {
      const { driver } = this.#state();
      const db = this.connection().db;
      return db.transaction(() => {
        const cipher = archiveReader(this.keyring, id, db.prepare(KEY_ROW).get(id) as StoredSessionKey | undefined);
        const archive = runSync(readArchive(id, cipher), driver);
        if (!archive || archive.branches.length > 0 || driver.countSessionRows(id) === 0) return archive;
        // Written by @sessions/sqlite: its rows, in order, are main.
        const items = openArchivedRows(plainStoreStatements(db).items.all(id), cipher);
        return { ...archive, branches: [{ branchId: MAIN_BRANCH, parentBranchId: null, fromTurn: null, createdAt: archive.createdAt, items }] };
      })();
    });
  }

  async writeArchive(archive: StoreArchiveInput, options: WriteSessionArchiveOptions = {}): Promise<void> {
    checkArchive(archive);
    const input = sqliteArchiveTimes(archive as StoreArchiveInput);
    await this.run('writeArchive', input.sessionId, () => {
      const { driver } = this.#state();
      const db = this.connection().db;
      const writer = archiveWriter(this.keyring, input.sessionId);
      db.transaction(() => {
        runSync(writeArchive(input, options, writer?.rows), driver);
        if (writer) db.prepare(INSERT_KEY).run(input.sessionId, writer.key.keyId, writer.key.wrappedKey);
      }).immediate();
    });
  }

  /** One read transaction; a session a plain `SQLiteSession` wrote reads as its rows on `main`, numbered in process. */
  async readTurns(sessionId: string, branchId: string, range: TurnRange): Promise<TurnRangeItem[]> {
    const id = checkSessionId(sessionId);
    const checked = checkTurnRange(range);
    return this.run('readTurns', id, () => {
      const { driver } = this.#state();
      const db = this.connection().db;
      const read = db.transaction(() => {
        const cipher = archiveReader(this.keyring, id, db.prepare(KEY_ROW).get(id) as StoredSessionKey | undefined);
        if (branchId === MAIN_BRANCH && driver.branch(id, MAIN_BRANCH) === undefined) {
          return { plain: openArchivedRows(plainStoreStatements(db).items.all(id), cipher) };
        }
        return { turns: openArchivedRows(runSync(readBranchTurns({ sessionId: id, branchId, handle: id }, branchId, checked), driver), cipher) };
      })();
      return read.turns ?? plainTurnRange(id, branchId, checked, () => read.plain!);
    });
  }

  async sumUsage(options: UsageSumOptions): Promise<UsageSum[]> {
    const checked = checkUsageSumOptions(options);
    return this.run('sumUsage', checked.sessionId, () => this.#state().driver.usageSums(checked));
  }
}

/** Whether `path` is a file holding only `@sessions/sqlite`'s tables (read without keeping it open). */
function holdsPlainTablesOnly(path: string): boolean {
  if (!existsSync(path)) return false;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const plain = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'agent_sessions'`).get() !== undefined;
    return plain && !hasAdvancedSqliteTables(db);
  } finally {
    db.close();
  }
}

/**
 * `@sessions/advanced-sqlite`'s `openSessionStore`: a SQLite file as an
 * advanced store. A file that holds only `@sessions/sqlite`'s tables opens
 * as that plain store (kind `sqlite`), so opening never adds tables to it;
 * `openAdvancedSqliteStore` opens it as an advanced store instead.
 */
export const openSessionStore: OpenSessionStore = async (url: string, options?: OpenSessionStoreOptions): Promise<SessionStore> => {
  const path = storeFile(url, options, 'advanced-sqlite');
  return holdsPlainTablesOnly(path) ? new SqliteSessionStore(path, options) : new AdvancedSqliteStore(path, options);
};

/** A SQLite file as an advanced store whatever it holds: a file with only plain tables gets this package's on first use. */
export async function openAdvancedSqliteStore(url: string, options?: OpenSessionStoreOptions): Promise<AdvancedSqliteStore> {
  return new AdvancedSqliteStore(storeFile(url, options, 'advanced-sqlite'), options);
}
