import {
  checkOwner,
  HistorySessionBase,
  resolveExpiry,
  SessionError,
  type HistorySplice,
  type RowEdits,
  type SessionItem,
  type SessionKeyTable,
  type SessionExpiryOptions,
  type SessionOptions,
  type SpliceOutcome,
  type StoredRow,
} from '@sessions/core';
import { acquireConnection, borrowConnection, type SqliteConnection, type SqliteDatabase } from './connection.js';
import { rewriteHistory, spliceHistory } from './history.js';
import { migrateSqlite } from './migrate.js';
import { prepareSessionStatements, touchLiveSession, type SessionStatements } from './statements.js';

export interface SQLiteSessionOptions extends SessionOptions, SessionExpiryOptions {
  /** Database file; `':memory:'` (the default) keeps a private in-memory database per session. */
  path?: string | undefined;
  /** An open better-sqlite3 database to use instead of `path`; `close()` leaves it open. */
  database?: SqliteDatabase | undefined;
  /** The user or tenant the session belongs to, recorded when this object creates the session (its first write). */
  owner?: string | undefined;
}

const STATEMENTS = 'sqlite:statements';

/**
 * The tables are migrated and statements prepared once per connection, on
 * first use. Inside a transaction of the caller's (a `database` passed in),
 * tables we create vanish if it rolls back, so that work is remembered only
 * when done outside any transaction.
 */
export function sessionStatements(connection: SqliteConnection): SessionStatements {
  let statements = connection.state.get(STATEMENTS) as SessionStatements | undefined;
  if (!statements) {
    migrateSqlite(connection.db);
    statements = prepareSessionStatements(connection.db);
    if (!connection.db.inTransaction) connection.state.set(STATEMENTS, statements);
  }
  return statements;
}

/**
 * Conversation history in SQLite, for `run(agent, input, { session })` of
 * `@openai/agents`. Tables are created by applying the shipped migrations on
 * first use.
 */
export class SQLiteSession extends HistorySessionBase {
  readonly path: string;
  readonly #options: SQLiteSessionOptions;
  readonly #owner: string | null;
  readonly #expiresAt: string | null;
  #connection: SqliteConnection | undefined;
  #statements: SessionStatements | undefined;

  constructor(sessionId: string, options: SQLiteSessionOptions = {}) {
    super(sessionId, options);
    if (options.path !== undefined && options.database !== undefined) {
      throw new SessionError('INVALID_ARGUMENT', 'pass either path or database, not both', { sessionId });
    }
    if (options.path !== undefined && typeof options.path !== 'string') {
      throw new SessionError('INVALID_ARGUMENT', `path must be a string, got ${typeof options.path}`, { sessionId });
    }
    this.path = options.database?.name ?? options.path ?? ':memory:';
    this.#options = options;
    this.#owner = checkOwner(sessionId, options.owner);
    this.#expiresAt = resolveExpiry(this.sessionId, options);
  }

  /** The connection this session uses, opened on first call. */
  protected connection(): SqliteConnection {
    if (!this.#connection) {
      const connection = this.#options.database ? borrowConnection(this.#options.database) : acquireConnection(this.path);
      try {
        sessionStatements(connection);
      } catch (error) {
        connection.release();
        throw error;
      }
      this.#connection = connection;
    }
    return this.#connection;
  }

  protected get statements(): SessionStatements {
    if (this.#statements) return this.#statements;
    const connection = this.connection();
    const statements = sessionStatements(connection);
    if (!connection.db.inTransaction) this.#statements = statements;
    return statements;
  }

  /** Parses JSON rows in session order; a bad row is named by its position. */
  protected parseRows(rows: string[]): SessionItem[] {
    const items: SessionItem[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) items[i] = this.parseRow(rows[i]!, `#${i + 1} of this read`);
    return items;
  }

  protected override sessionKeyTable(): SessionKeyTable {
    return {
      readSessionKey: async (sessionId) => this.statements.selectKey.get(sessionId),
      insertSessionKey: async (sessionId, key) => {
        const { db } = this.connection();
        const statements = this.statements;
        db.transaction(() => {
          statements.ensureSession.run(sessionId, this.#owner, this.#expiresAt);
          statements.insertKey.run(sessionId, key.keyId, key.wrappedKey);
        }).immediate();
      },
    };
  }

  protected async readItems(limit: number | undefined): Promise<SessionItem[]> {
    const statements = this.statements;
    if (limit === undefined) return this.parseRows(statements.selectAll.all(this.sessionId, this.sessionId));
    return this.parseRows(statements.selectLatest.all(this.sessionId, this.sessionId, limit).reverse());
  }

  protected async writeItems(rows: string[]): Promise<void> {
    const { db } = this.connection();
    const statements = this.statements;
    db.transaction(() => {
      touchLiveSession(statements, this.sessionId, this.#owner, this.#expiresAt);
      for (const row of rows) statements.insertMessage.run(this.sessionId, row);
    }).immediate();
  }

  protected async removeNewestItem(): Promise<SessionItem | undefined> {
    const row = this.statements.popNewest.get(this.sessionId, this.sessionId);
    return row ? this.parseRow(row.data, row.id) : undefined;
  }

  protected async removeAllItems(): Promise<void> {
    const { db } = this.connection();
    const statements = this.statements;
    db.transaction(() => {
      statements.deleteMessages.run(this.sessionId);
      statements.deleteOperations.run(this.sessionId);
      statements.deleteSession.run(this.sessionId);
    }).immediate();
  }

  protected async spliceHistory(splice: HistorySplice): Promise<SpliceOutcome> {
    return spliceHistory(this.connection(), this.statements, this.sessionId, this.#owner, this.#expiresAt, splice);
  }

  protected async rewriteHistory(plan: (rows: StoredRow[]) => RowEdits): Promise<void> {
    rewriteHistory(this.connection(), this.statements, this.sessionId, plan);
  }

  protected async release(): Promise<void> {
    this.#connection?.release();
    this.#connection = undefined;
    this.#statements = undefined;
  }
}
