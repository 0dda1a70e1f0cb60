import {
  checkOwner,
  HistorySessionBase,
  resolveExpiry,
  sessionExpiredError,
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
import type pg from 'pg';
import type { PoolLease } from './connection.js';
import { toPostgresError } from './errors.js';
import { rewriteHistory, spliceHistory } from './history.js';
import { ensureReady, isReady } from './readiness.js';
import { sessionPool, type PostgresPoolOptions } from './session-options.js';
import {
  appendItems,
  deleteSessionRow,
  insertSessionKey,
  popNewest,
  selectAll,
  selectLatest,
  selectSessionKey,
  type MessageRow,
  type NamedStatement,
} from './statements.js';

export interface PostgresSessionOptions extends SessionOptions, SessionExpiryOptions, PostgresPoolOptions {
  /** The user or tenant the session belongs to, recorded when its first write creates it (a session keeps its first owner). */
  owner?: string | undefined;
}

export type PostgresSessionUrlOptions = Omit<PostgresSessionOptions, 'pool' | 'db' | 'url'> & { url: string };

/**
 * Conversation history in PostgreSQL, for `run(agent, input, { session })` of
 * `@openai/agents`. Every call is a single statement on the pool, so a call
 * is atomic and a broken connection costs only the call that was on it.
 */
export class PostgresSession extends HistorySessionBase {
  readonly #lease: PoolLease;
  readonly #createTables: boolean;
  readonly #owner: string | null;
  readonly #expiresAt: string | null;

  /** A session on its own pool for `url`, ended by `close()` (shared with other sessions opened from the same URL). */
  static fromUrl(sessionId: string, options: PostgresSessionUrlOptions): PostgresSession {
    if (options === null || typeof options !== 'object') {
      throw new SessionError('INVALID_ARGUMENT', 'fromUrl needs options with a url', { sessionId });
    }
    return new PostgresSession(sessionId, options);
  }

  constructor(sessionId: string, options: PostgresSessionOptions) {
    super(sessionId, options ?? {});
    this.#owner = checkOwner(this.sessionId, options?.owner);
    this.#expiresAt = resolveExpiry(this.sessionId, options ?? {});
    ({ lease: this.#lease, createTables: this.#createTables } = sessionPool(options, 'PostgresSession', this.sessionId));
  }

  /** The pool this session runs on. */
  get pool(): pg.Pool {
    return this.#lease.pool;
  }

  protected override toSessionError(operation: string, error: unknown): SessionError {
    return toPostgresError(operation, error, this.sessionId);
  }

  /** The pool, once its database is ready for sessions. */
  async #readyPool(): Promise<pg.Pool> {
    const { pool } = this.#lease;
    if (!isReady(pool, this.#createTables)) await ensureReady(pool, this.#createTables);
    return pool;
  }

  async #query<Row extends pg.QueryResultRow = MessageRow>(statement: NamedStatement, values: unknown[]): Promise<pg.QueryResult<Row>> {
    const { pool } = this.#lease;
    // Inline rather than through #readyPool: no extra await on every read and append.
    if (!isReady(pool, this.#createTables)) await ensureReady(pool, this.#createTables);
    return pool.query<Row>({ name: statement.name, text: statement.text, values });
  }

  #parse(row: MessageRow): SessionItem {
    return this.parseRow(row.data, row.id);
  }

  protected override sessionKeyTable(): SessionKeyTable {
    return {
      readSessionKey: async (sessionId) => (await this.#query<StoredSessionKey>(selectSessionKey, [sessionId])).rows[0],
      insertSessionKey: async (sessionId, key) => {
        await this.#query(insertSessionKey, [sessionId, this.#owner, key.keyId, key.wrappedKey, this.#expiresAt]);
      },
    };
  }

  protected async readItems(limit: number | undefined): Promise<SessionItem[]> {
    if (limit === undefined) {
      const { rows } = await this.#query(selectAll, [this.sessionId]);
      return rows.map((row) => this.#parse(row));
    }
    const { rows } = await this.#query(selectLatest, [this.sessionId, limit]);
    const items = new Array<SessionItem>(rows.length);
    for (let i = 0; i < rows.length; i++) items[rows.length - 1 - i] = this.#parse(rows[i]!);
    return items;
  }

  protected async writeItems(rows: string[]): Promise<void> {
    const { rowCount } = await this.#query(appendItems, [this.sessionId, rows, this.#owner, this.#expiresAt]);
    if (rowCount === 0) throw sessionExpiredError(this.sessionId);
  }

  protected async removeNewestItem(): Promise<SessionItem | undefined> {
    const { rows } = await this.#query(popNewest, [this.sessionId]);
    return rows[0] ? this.#parse(rows[0]) : undefined;
  }

  protected async removeAllItems(): Promise<void> {
    await this.#query(deleteSessionRow, [this.sessionId]);
  }

  protected async spliceHistory(splice: HistorySplice): Promise<SpliceOutcome> {
    return spliceHistory(await this.#readyPool(), this.sessionId, this.#expiresAt, splice);
  }

  protected async rewriteHistory(plan: (rows: StoredRow[]) => RowEdits): Promise<void> {
    await rewriteHistory(await this.#readyPool(), this.sessionId, plan);
  }

  protected async release(): Promise<void> {
    await this.#lease.release();
  }
}
