import {
  checkPlainArchive,
  checkSessionId,
  checkStoreListOptions,
  checkTurnRange,
  checkUsageSumOptions,
  decodeCursor,
  plainTurnRange,
  plainArchive,
  newDataKey,
  rowCipherFor,
  SessionError,
  wrapDataKey,
  type StoredSessionKey,
  storePage,
  type OpenSessionStore,
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
import type { SqliteDatabase } from '../connection.js';
import { migrateSqlite, pendingSqliteMigrations, sqliteMigrations } from '../migrate.js';
import { SQLiteSession } from '../sqlite-session.js';
import { plainStoreStatements, type ListedRow } from './plain-statements.js';
import { SqliteStoreBase, storeFile } from './sqlite-store-base.js';
import { SQLITE_POSITION, sqliteTime } from './sqlite-time.js';

/** `@sessions/sqlite` as a store: each session's items, owner and times; no branches, usage or metadata. */
export class SqliteSessionStore extends SqliteStoreBase {
  readonly kind = 'sqlite';
  readonly capabilities = { advanced: false };

  protected applyMigrations(db: SqliteDatabase): string[] {
    return migrateSqlite(db);
  }

  protected pendingIn(db: SqliteDatabase): string[] {
    return pendingSqliteMigrations(db, 'sqlite', sqliteMigrations());
  }

  openSession(sessionId: string, options: OpenStoreSessionOptions = {}): SQLiteSession {
    this.connection();
    return new SQLiteSession(sessionId, {
      path: this.path,
      owner: options.owner,
      sessionSettings: options.sessionSettings,
      expiresAt: options.expiresAt,
      ttlSeconds: options.ttlSeconds,
      encryption: this.keyring,
    });
  }

  async listSessions(options?: StoreListOptions): Promise<StorePage> {
    const { owner, limit, cursor } = checkStoreListOptions(options, { kind: this.kind, keepsMetadata: false });
    const after = cursor === undefined ? undefined : decodeCursor(cursor, SQLITE_POSITION);
    return this.run('listSessions', undefined, () => {
      const rows = plainStoreStatements(this.database()).list(owner, after).all(...listParams(owner, after, limit + 1));
      return storePage(rows, limit, summaryOf, (row) => row.updatedAt);
    });
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    const id = checkSessionId(sessionId);
    return this.run('deleteSession', id, () => {
      const db = this.database();
      const s = plainStoreStatements(db);
      return db.transaction(() => {
        s.deleteMessages.run(id);
        return s.deleteSession.run(id).changes > 0;
      }).immediate();
    });
  }

  async readArchive(sessionId: string): Promise<StoreArchive | undefined> {
    const id = checkSessionId(sessionId);
    return this.run('readArchive', id, () => {
      const db = this.database();
      const s = plainStoreStatements(db);
      return db.transaction(() => {
        const row = s.sessionRow.get(id);
        return row && plainArchive({ sessionId: id, ...row }, this.#clearItems(db, id, s.items.all(id)));
      })();
    });
  }

  async writeArchive(archive: StoreArchiveInput, options: WriteSessionArchiveOptions = {}): Promise<void> {
    const plain = checkPlainArchive(archive, this.kind);
    const { sessionId } = plain;
    await this.run('writeArchive', sessionId, () => {
      const db = this.database();
      const s = plainStoreStatements(db);
      db.transaction(() => {
        if (s.sessionRow.get(sessionId)) {
          if (options?.replace !== true) {
            throw new SessionError('CONFLICT', `session ${JSON.stringify(sessionId)} already exists; pass { replace: true } to overwrite it`, { sessionId });
          }
          s.deleteMessages.run(sessionId);
          s.deleteSession.run(sessionId);
        }
        s.insertSession.run(sessionId, plain.owner, sqliteTime(plain.createdAt), sqliteTime(plain.updatedAt));
        let seal = (data: string) => data;
        if (this.keyring && plain.items.length > 0) {
          const key = wrapDataKey(this.keyring, sessionId, newDataKey());
          db.prepare(`INSERT INTO agent_session_keys (session_id, key_id, wrapped_key) VALUES (?, ?, ?)`).run(sessionId, key.keyId, key.wrappedKey);
          const cipher = rowCipherFor(this.keyring, sessionId, key);
          seal = (data) => cipher.seal(data);
        }
        for (const item of plain.items) s.insertItem.run(sessionId, seal(item.data), sqliteTime(item.createdAt));
      }).immediate();
    });
  }

  async readTurns(sessionId: string, branchId: string, range: TurnRange): Promise<TurnRangeItem[]> {
    const id = checkSessionId(sessionId);
    const checked = checkTurnRange(range);
    return this.run('readTurns', id, () =>
      plainTurnRange(id, branchId, checked, () => {
        const db = this.database();
        return this.#clearItems(db, id, plainStoreStatements(db).items.all(id));
      }),
    );
  }

  /** A session's rows with encrypted ones decrypted (an `ENCRYPTION_KEY` error when the store has not the session's key). */
  #clearItems<Row extends { data: string }>(db: SqliteDatabase, sessionId: string, rows: Row[]): Row[] {
    const key = db.prepare(`SELECT key_id AS keyId, wrapped_key AS wrappedKey FROM agent_session_keys WHERE session_id = ?`).get(sessionId) as
      | StoredSessionKey
      | undefined;
    if (!key) return rows;
    const cipher = rowCipherFor(this.keyring, sessionId, key);
    return rows.map((row, i) => ({ ...row, data: cipher.open(row.data, i) }));
  }

  /** A plain store keeps no usage: the options are checked, and nothing matches. */
  async sumUsage(options: UsageSumOptions): Promise<UsageSum[]> {
    checkUsageSumOptions(options);
    return [];
  }
}

function listParams(owner: string | null, after: [string, string] | undefined, fetch: number): unknown[] {
  return [...(owner === null ? [] : [owner]), ...(after ?? []), fetch];
}

function summaryOf(row: ListedRow) {
  return { ...row, branchCount: 1, metadata: null };
}

/** `@sessions/sqlite`'s `openSessionStore`: a SQLite file (`./file.db`, `sqlite:file.db`) as a plain store. */
export const openSessionStore: OpenSessionStore = async (url: string, options?: OpenSessionStoreOptions) =>
  new SqliteSessionStore(storeFile(url, options, 'sqlite'), options);
