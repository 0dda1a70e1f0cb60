import {
  AdvancedSessionBase,
  runSync,
  SessionError,
  type AdvancedListSessionsOptions,
  type AdvancedPlan,
  type AdvancedSessionOptions,
  type AdvancedSessionSummary,
  type ChainCache,
  type SessionKeyTable,
} from '@sessions/core';
import { acquireConnection, borrowConnection, sessionStatements, type SqliteConnection, type SqliteDatabase } from '@sessions/sqlite';
import { connectionState, type ConnectionState } from './connection-state.js';
import { listSessions } from './session-list.js';

export type { StoreRunUsageOptions } from '@sessions/core';

export interface AdvancedSQLiteSessionOptions extends AdvancedSessionOptions {
  /** Database file; `':memory:'` (the default) keeps a private in-memory database per object. */
  path?: string | undefined;
  /** An open better-sqlite3 database to use instead of `path`; `close()` leaves it open. */
  database?: SqliteDatabase | undefined;
}

/**
 * A SQLite session with branches, token usage per turn and structured
 * queries. History is stored once: a branch points at the history it
 * continues (see README "How branches are stored"), so creating one costs the
 * same at any conversation length. The rules are `@sessions/core`'s; this
 * class runs them on better-sqlite3, synchronously, each write in one
 * IMMEDIATE transaction.
 */
export class AdvancedSQLiteSession extends AdvancedSessionBase {
  readonly path: string;
  readonly #options: AdvancedSQLiteSessionOptions;
  #connection: SqliteConnection | undefined;

  constructor(sessionId: string, options: AdvancedSQLiteSessionOptions = {}) {
    super(sessionId, options);
    if (options.path !== undefined && options.database !== undefined) {
      throw new SessionError('INVALID_ARGUMENT', 'pass either path or database, not both', { sessionId });
    }
    if (options.path !== undefined && typeof options.path !== 'string') {
      throw new SessionError('INVALID_ARGUMENT', `path must be a string, got ${typeof options.path}`, { sessionId });
    }
    this.path = options.database?.name ?? options.path ?? ':memory:';
    this.#options = options;
  }

  #connect(): SqliteConnection {
    if (!this.#connection) {
      const connection = this.#options.database ? borrowConnection(this.#options.database) : acquireConnection(this.path);
      try {
        connectionState(connection);
      } catch (error) {
        connection.release();
        throw error;
      }
      this.#connection = connection;
    }
    return this.#connection;
  }

  #state(): ConnectionState {
    return connectionState(this.#connect());
  }

  protected async runRead<T>(plan: AdvancedPlan<T>): Promise<T> {
    return runSync(plan, this.#state().driver);
  }

  protected async runWrite<T>(plan: AdvancedPlan<T>): Promise<T> {
    const { driver } = this.#state();
    return this.#connect().db.transaction(() => runSync(plan, driver)).immediate();
  }

  protected override sessionKeyTable(): SessionKeyTable {
    return {
      readSessionKey: async (sessionId) => sessionStatements(this.#connect()).selectKey.get(sessionId),
      insertSessionKey: async (sessionId, key) => {
        const connection = this.#connect();
        const statements = sessionStatements(connection);
        const { owner = null, expiresAt = null } = this.context();
        connection.db
          .transaction(() => {
            statements.ensureSession.run(sessionId, owner, expiresAt);
            statements.insertKey.run(sessionId, key.keyId, key.wrappedKey);
          })
          .immediate();
      },
    };
  }

  protected chainCache(): ChainCache {
    return this.#state().chains;
  }

  protected async release(): Promise<void> {
    this.#connection?.release();
    this.#connection = undefined;
  }

  /** Sessions of this database, newest first, filtered and paged (see README). */
  async listSessions(options: AdvancedListSessionsOptions = {}): Promise<AdvancedSessionSummary[]> {
    return this.guard('listSessions', () => this.listed(options, async () => listSessions(this.#connect().db, this.#state().driver, this.handle, options)));
  }
}
