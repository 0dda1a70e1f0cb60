import {
  checkOwner,
  resolveExpiry,
  HistorySessionBase,
  SessionError,
  type HistorySplice,
  type RowEdits,
  type SessionItem,
  type SessionKeyTable,
  type StoredSessionKey,
  type SessionExpiryOptions,
  type SessionOptions,
  type SpliceOutcome,
  type StoredRow,
} from '@sessions/core';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { MySQLClient } from './connection.js';
import { rewriteHistory, spliceHistory } from './history.js';
import { connectSession, schemaReady, sessionStorageError, type MySQLConnectOptions } from './session-setup.js';
import { insertChunks, insertMessages, PREPARED_LIMIT_MAX, sql, touchLiveSession, touchParams, type ItemReads } from './statements.js';
import { runTransaction } from './transaction.js';

export interface MySQLSessionOptions extends SessionOptions, SessionExpiryOptions, MySQLConnectOptions {
  /** The user or tenant the session belongs to, recorded when this object creates the session (a session keeps its first owner). */
  owner?: string | undefined;
}

interface MessageRow extends RowDataPacket {
  id: number | string;
  data: string;
}

/**
 * Conversation history in MySQL 8 or MariaDB, for `run(agent, input, { session })`
 * of `@openai/agents`. Many app servers may share one database: writes and pops
 * are transactions, ordering is by the autoincrement id.
 */
export class MySQLSession extends HistorySessionBase {
  readonly #client: MySQLClient;
  readonly #createTables: boolean;
  readonly #owner: string | null;
  readonly #expiresAt: string | null;
  #ready: Promise<ItemReads> | undefined;

  /** A session on a pool opened from `url`; sessions of this process on one URL share that pool, and the last `close()` ends it. */
  static fromUrl(sessionId: string, options: Omit<MySQLSessionOptions, 'pool' | 'db'> & { url: string }): MySQLSession {
    return new MySQLSession(sessionId, options);
  }

  constructor(sessionId: string, options: MySQLSessionOptions) {
    super(sessionId, options);
    const { client, createTables } = connectSession(this.sessionId, options, 'MySQLSession');
    this.#createTables = createTables;
    this.#owner = checkOwner(this.sessionId, options.owner);
    this.#expiresAt = resolveExpiry(this.sessionId, options);
    this.#client = client;
  }

  /** The pool this session runs on (its own, or the one it was given). */
  get pool(): Pool {
    return this.#client.pool;
  }

  /**
   * Checks, or with `createTables` applies, the migrations once per pool, and
   * learns which reads the server needs; a failure is retried on the next call.
   */
  #whenReady(): Promise<ItemReads> {
    if (this.#ready) return this.#ready;
    const ready = schemaReady(this.#client, this.#createTables);
    // Only a success is kept: after a failure the next call checks again.
    ready.then(
      () => (this.#ready = ready),
      () => {},
    );
    return ready;
  }

  protected override toSessionError(operation: string, error: unknown): SessionError {
    if (error instanceof SessionError) {
      return error.sessionId === undefined ? new SessionError(error.code, error.message, { sessionId: this.sessionId, cause: error }) : error;
    }
    return sessionStorageError(operation, error, this.sessionId) ?? super.toSessionError(operation, error);
  }

  #parse(rows: MessageRow[]): SessionItem[] {
    return rows.map((row) => this.parseRow(row.data, row.id));
  }

  protected override sessionKeyTable(): SessionKeyTable {
    return {
      readSessionKey: async (sessionId) => {
        await this.#whenReady();
        const [rows] = await this.pool.execute<(RowDataPacket & StoredSessionKey)[]>(sql.selectSessionKey, [sessionId]);
        return rows[0] && { keyId: rows[0].keyId, wrappedKey: rows[0].wrappedKey };
      },
      insertSessionKey: async (sessionId, key) => {
        await this.#whenReady();
        await runTransaction(this.pool, 'storeSessionKey', async (connection) => {
          await connection.execute(sql.ensureSession, touchParams(sessionId, this.#owner, this.#expiresAt));
          await connection.execute(sql.insertSessionKey, [sessionId, key.keyId, key.wrappedKey]);
        });
      },
    };
  }

  protected async readItems(limit: number | undefined): Promise<SessionItem[]> {
    const reads = await this.#whenReady();
    if (limit === undefined) {
      const [rows] = await this.pool.execute<MessageRow[]>(reads.selectAll, [this.sessionId, this.sessionId]);
      return this.#parse(rows);
    }
    // Each limit is its own server-side prepared statement (see selectLatestSql); unusual limits use the
    // text protocol so a caller varying the limit cannot pile up statements (max_prepared_stmt_count is server-wide).
    const latest = reads.selectLatest(limit);
    const [rows] =
      limit <= PREPARED_LIMIT_MAX
        ? await this.pool.execute<MessageRow[]>(latest, [this.sessionId, this.sessionId])
        : await this.pool.query<MessageRow[]>(latest, [this.sessionId, this.sessionId]);
    return this.#parse(rows.reverse());
  }

  protected async writeItems(rows: string[]): Promise<void> {
    await this.#whenReady();
    const chunks = insertChunks(rows);
    await runTransaction(this.pool, 'addItems', async (connection) => {
      // Locks the session row until commit: concurrent batches of one session land one after another, contiguous.
      await touchLiveSession(connection, this.sessionId, this.#owner, this.#expiresAt);
      await insertMessages(connection, this.sessionId, chunks);
    });
  }

  protected async removeNewestItem(): Promise<SessionItem | undefined> {
    await this.#whenReady();
    // Retried only when the server rolled the attempt back, so an item is never popped twice.
    return runTransaction(this.pool, 'popItem', async (connection) => {
      const [rows] = await connection.execute<MessageRow[]>(sql.popNewest, [this.sessionId, this.sessionId]);
      const row = rows[0];
      if (!row) return undefined;
      // Parsed before the delete: a corrupt row is reported and stays where it is.
      const item = this.parseRow(row.data, row.id);
      await connection.execute(sql.deleteMessage, [row.id]);
      return item;
    });
  }

  protected async removeAllItems(): Promise<void> {
    await this.#whenReady();
    await runTransaction(this.pool, 'clearSession', async (connection) => {
      await connection.execute(sql.deleteMessages, [this.sessionId]);
      await connection.execute(sql.deleteSession, [this.sessionId]);
    });
  }

  protected async spliceHistory(splice: HistorySplice): Promise<SpliceOutcome> {
    await this.#whenReady();
    return spliceHistory(this.pool, this.sessionId, this.#expiresAt, splice);
  }

  protected async rewriteHistory(plan: (rows: StoredRow[]) => RowEdits): Promise<void> {
    await this.#whenReady();
    await rewriteHistory(this.pool, this.sessionId, plan);
  }

  protected async release(): Promise<void> {
    await this.#client.release();
  }
}

