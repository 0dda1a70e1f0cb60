import {
  HistorySessionBase,
  parseStoredItem,
  SessionError,
  type HistorySplice,
  type RowEdits,
  type SessionItem,
  type SessionOptions,
  type SpliceOutcome,
  type StoredRow,
} from '@sessions/core';
import type { Pool, PoolOptions, RowDataPacket } from 'mysql2/promise';
import { connect, type DrizzleMySQLDatabase, type MySQLClient, type MySQLPool, type MySQLTarget } from './connection.js';
import { errorText, isConnectionLost, isMissingTable, notMigratedError } from './errors.js';
import { rewriteHistory, spliceHistory } from './history.js';
import { applyMySQLMigrations, assertMigrated, MYSQL_STORE, shippedMigrations } from './migrate.js';
import { isGaleraPool } from './galera.js';
import { insertChunks, insertMessages, PREPARED_LIMIT_MAX, readsFor, sql, type ItemReads } from './statements.js';
import { runTransaction } from './transaction.js';

export interface MySQLSessionOptions extends SessionOptions {
  /** A mysql2 pool of the app's; `close()` leaves it open. */
  pool?: MySQLPool | undefined;
  /** A Drizzle mysql2 database of the app's (its `$client` pool is used); `close()` leaves it open. */
  db?: DrizzleMySQLDatabase | undefined;
  /** mysql://user:password@host:3306/database; the session opens (and `close()` ends) a pool. Prefer `MySQLSession.fromUrl`. */
  url?: string | undefined;
  /** mysql2 pool options for the pool opened from `url` (such a pool is then not shared with other sessions). */
  poolOptions?: PoolOptions | undefined;
  /**
   * Apply the shipped migrations on first use (under a server lock, so many
   * processes may start at once). Off by default: run `sessions-mysql migrate` in your deploy step.
   */
  createTables?: boolean | undefined;
}

interface MessageRow extends RowDataPacket {
  id: number | string;
  data: string;
}

/** Schema readiness per pool: checked (or migrated) once, not per session object. */
const readiness = new WeakMap<object, { promise: Promise<ItemReads>; migrates: boolean }>();

function target(options: MySQLSessionOptions, sessionId: string): MySQLTarget {
  if (options.poolOptions !== undefined && options.url === undefined) {
    throw new SessionError('INVALID_ARGUMENT', 'poolOptions only applies with url (configure your own pool instead)', { sessionId });
  }
  // All three are handed on so that connect() can refuse more than one.
  return { url: options.url, poolOptions: options.poolOptions, pool: options.pool, db: options.db } as MySQLTarget;
}

/**
 * Conversation history in MySQL 8 or MariaDB, for `run(agent, input, { session })`
 * of `@openai/agents`. Many app servers may share one database: writes and pops
 * are transactions, ordering is by the autoincrement id.
 */
export class MySQLSession extends HistorySessionBase {
  readonly #client: MySQLClient;
  readonly #createTables: boolean;
  #ready: Promise<ItemReads> | undefined;

  /** A session on a pool opened from `url`; sessions of this process on one URL share that pool, and the last `close()` ends it. */
  static fromUrl(sessionId: string, options: Omit<MySQLSessionOptions, 'pool' | 'db'> & { url: string }): MySQLSession {
    return new MySQLSession(sessionId, options);
  }

  constructor(sessionId: string, options: MySQLSessionOptions) {
    super(sessionId, options);
    if (this.sessionId.endsWith(' ')) {
      // MySQL's utf8mb4_bin is a PAD SPACE collation: 'a' and 'a ' would be one key and share a history.
      throw new SessionError('INVALID_ARGUMENT', 'session id must not end with a space on MySQL (trailing spaces are ignored by its key comparison)', { sessionId });
    }
    if (options === null || typeof options !== 'object') {
      throw new SessionError('INVALID_ARGUMENT', 'MySQLSession needs options with one of url, pool or db', { sessionId });
    }
    if (options.createTables !== undefined && typeof options.createTables !== 'boolean') {
      throw new SessionError('INVALID_ARGUMENT', `createTables must be a boolean, got ${typeof options.createTables}`, { sessionId });
    }
    this.#createTables = options.createTables === true;
    this.#client = connect(target(options, this.sessionId), this.sessionId);
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
    const key = this.#client.key;
    let entry = readiness.get(key);
    if (!entry || (this.#createTables && !entry.migrates)) {
      const pool = this.#client.pool;
      const apply = async () => {
        await applyMySQLMigrations(pool, MYSQL_STORE, shippedMigrations());
        return readsFor(await isGaleraPool(pool, key));
      };
      const check = async () => {
        const galera = await isGaleraPool(pool, key);
        await assertMigrated(pool, galera);
        return readsFor(galera);
      };
      // No session id in the shared check: each session waiting on it names itself (toSessionError).
      const promise = this.#createTables ? (entry ? entry.promise.catch(apply) : apply()) : check();
      const created = { promise, migrates: this.#createTables };
      readiness.set(key, created);
      promise.catch(() => {
        if (readiness.get(key) === created) readiness.delete(key);
      });
      entry = created;
    }
    const ready = entry.promise;
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
    if (isConnectionLost(error)) {
      const outcome = operation === 'addItems' ? ' (the batch may or may not have been stored)' : operation === 'popItem' ? ' (the item may or may not have been removed)' : '';
      return new SessionError(
        'CONNECTION_LOST',
        `${operation} lost its connection to the MySQL server${outcome}: ${errorText(error)}; the next call opens a new connection`,
        { sessionId: this.sessionId, cause: error },
      );
    }
    if (isMissingTable(error)) return notMigratedError(errorText(error), error, this.sessionId);
    return super.toSessionError(operation, error);
  }

  #parse(rows: MessageRow[]): SessionItem[] {
    return rows.map((row) => parseStoredItem(this.sessionId, row.data, row.id));
  }

  protected async readItems(limit: number | undefined): Promise<SessionItem[]> {
    const reads = await this.#whenReady();
    if (limit === undefined) {
      const [rows] = await this.pool.execute<MessageRow[]>(reads.selectAll, [this.sessionId]);
      return this.#parse(rows);
    }
    // Each limit is its own server-side prepared statement (see selectLatestSql); unusual limits use the
    // text protocol so a caller varying the limit cannot pile up statements (max_prepared_stmt_count is server-wide).
    const latest = reads.selectLatest(limit);
    const [rows] =
      limit <= PREPARED_LIMIT_MAX
        ? await this.pool.execute<MessageRow[]>(latest, [this.sessionId])
        : await this.pool.query<MessageRow[]>(latest, [this.sessionId]);
    return this.#parse(rows.reverse());
  }

  protected async writeItems(rows: string[]): Promise<void> {
    await this.#whenReady();
    const chunks = insertChunks(rows);
    await runTransaction(this.pool, 'addItems', async (connection) => {
      // Locks the session row until commit: concurrent batches of one session land one after another, contiguous.
      await connection.execute(sql.touchSession, [this.sessionId]);
      await insertMessages(connection, this.sessionId, chunks);
    });
  }

  protected async removeNewestItem(): Promise<SessionItem | undefined> {
    await this.#whenReady();
    // Retried only when the server rolled the attempt back, so an item is never popped twice.
    return runTransaction(this.pool, 'popItem', async (connection) => {
      const [rows] = await connection.execute<MessageRow[]>(sql.popNewest, [this.sessionId]);
      const row = rows[0];
      if (!row) return undefined;
      // Parsed before the delete: a corrupt row is reported and stays where it is.
      const item = parseStoredItem(this.sessionId, row.data, row.id);
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
    return spliceHistory(this.pool, this.sessionId, splice);
  }

  protected async rewriteHistory(plan: (rows: StoredRow[]) => RowEdits): Promise<void> {
    await this.#whenReady();
    await rewriteHistory(this.pool, this.sessionId, plan);
  }

  protected async release(): Promise<void> {
    await this.#client.release();
  }
}

