import {
  AdvancedSessionBase,
  appendItems as appendItemsPlan,
  MAIN_BRANCH,
  messagesOf,
  runAsync,
  SessionError,
  turnNumbers,
  type AdvancedListSessionsOptions,
  type AdvancedPlan,
  type AdvancedSessionOptions,
  type AdvancedSessionSummary,
  type ChainCache,
  type SessionItem,
  type SessionKeyTable,
  type StoredSessionKey,
} from '@sessions/core';
import type pg from 'pg';
import type { PoolLease } from '../connection.js';
import { toPostgresError } from '../errors.js';
import { ensureReady, isReady } from '../readiness.js';
import { sessionPool, type PostgresPoolOptions } from '../session-options.js';
import { PostgresAdvancedDriver } from './driver.js';
import { appendToBranch, readBranch } from './hot-paths.js';
import { listSessions } from './session-list.js';
import { pgText, query } from './sql.js';
import { insertSessionKey, selectSessionKey } from '../statements.js';
import { statements } from './statements.js';
import { inTransaction, type TransactionMode } from './transaction.js';

export type { StoreRunUsageOptions } from '@sessions/core';

export interface AdvancedPostgresSessionOptions extends AdvancedSessionOptions, PostgresPoolOptions {}

export type AdvancedPostgresSessionUrlOptions = Omit<AdvancedPostgresSessionOptions, 'pool' | 'db' | 'url'> & { url: string };

/** Lane chains by head lane, one cache per pool (a database's lanes never change once committed). */
const chainCaches = new WeakMap<pg.Pool, ChainCache>();

/**
 * A PostgreSQL session with branches, token usage per turn and structured
 * queries: the API of `AdvancedSQLiteSession` from `@sessions/advanced-sqlite`,
 * on the tables `sessions-postgres migrate` creates. The rules are
 * `@sessions/core`'s; this class runs them on a pool, each write in one
 * transaction that first locks the session's row (so writers of one session
 * from any number of app servers go one after another) and is retried whole
 * when PostgreSQL reports a serialization failure or deadlock. `getItems`
 * and `addItems` are single hand-written statements (see README).
 *
 * `id` is a session id or a branch id: a branch id continues that branch.
 */
export class AdvancedPostgresSession extends AdvancedSessionBase {
  readonly #lease: PoolLease;
  readonly #createTables: boolean;

  /** A session on its own pool for `url`, ended by `close()` (shared with other sessions opened from the same URL). */
  static fromUrl(sessionId: string, options: AdvancedPostgresSessionUrlOptions): AdvancedPostgresSession {
    if (options === null || typeof options !== 'object') {
      throw new SessionError('INVALID_ARGUMENT', 'fromUrl needs options with a url', { sessionId });
    }
    return new AdvancedPostgresSession(sessionId, options);
  }

  constructor(sessionId: string, options: AdvancedPostgresSessionOptions) {
    super(sessionId, options ?? {});
    ({ lease: this.#lease, createTables: this.#createTables } = sessionPool(options, 'AdvancedPostgresSession', this.sessionId));
  }

  /** The pool this session runs on. */
  get pool(): pg.Pool {
    return this.#lease.pool;
  }

  protected override toSessionError(operation: string, error: unknown): SessionError {
    return toPostgresError(operation, error, this.handle);
  }

  async #ready(): Promise<pg.Pool> {
    const { pool } = this.#lease;
    if (!isReady(pool, this.#createTables)) await ensureReady(pool, this.#createTables);
    return pool;
  }

  async #transaction<T>(mode: TransactionMode, work: (client: pg.PoolClient) => Promise<T>, retry = true): Promise<T> {
    return inTransaction(await this.#ready(), mode, work, { retry });
  }

  protected runRead<T>(plan: AdvancedPlan<T>): Promise<T> {
    return this.#transaction('read', (client) => runAsync(plan, new PostgresAdvancedDriver(client)));
  }

  /** One attempt: a plan already started cannot run again (`write` retries with a fresh one). */
  protected runWrite<T>(plan: AdvancedPlan<T>): Promise<T> {
    return this.#transaction('write', (client) => runAsync(plan, new PostgresAdvancedDriver(client)), false);
  }

  protected override write<T>(make: () => AdvancedPlan<T>): Promise<T> {
    return this.#transaction('write', (client) => runAsync(make(), new PostgresAdvancedDriver(client)));
  }

  protected chainCache(): ChainCache {
    let cache = chainCaches.get(this.#lease.pool);
    if (!cache) {
      cache = new Map();
      chainCaches.set(this.#lease.pool, cache);
    }
    return cache;
  }

  /** One statement on the pool; an empty answer on a branch other than main is read again by the plan, to tell a deleted branch apart. */
  protected override async readItems(limit: number | undefined): Promise<SessionItem[]> {
    const ctx = this.context();
    const pool = await this.#ready();
    const { rows } = await query<{ id: number; data: string }>(pool, readBranch, [ctx.sessionId, ctx.branchId, limit ?? null]);
    if (rows.length === 0 && ctx.branchId !== MAIN_BRANCH) return super.readItems(limit);
    return rows.map((row) => this.parseRow(row.data, row.id));
  }

  /** Lock (touching the session), then one statement for the whole batch; the branch's first write runs the general plan. */
  protected override appendRows(rows: string[], items: readonly unknown[]): Promise<void> {
    const ctx = this.context();
    const messages = messagesOf(rows, items, ctx.rows?.encrypts === true);
    const turns = turnNumbers(items);
    return this.#transaction('write', async (client) => {
      await new PostgresAdvancedDriver(client).touchSession(ctx.sessionId, ctx.owner ?? null, ctx.expiresAt ?? null);
      const { rowCount } = await query(client, appendToBranch, [
        ctx.sessionId,
        ctx.branchId,
        rows,
        turns,
        messages.map((m) => pgText(m.kind)),
        messages.map((m) => pgText(m.toolName)),
        messages.map((m) => pgText(m.searchText)),
      ]);
      if (rowCount === 0) await runAsync(appendItemsPlan(ctx, rows, items), new PostgresAdvancedDriver(client));
    });
  }

  protected override sessionKeyTable(): SessionKeyTable {
    return {
      readSessionKey: async (sessionId) => (await query<StoredSessionKey>(await this.#ready(), selectSessionKey, [sessionId])).rows[0],
      insertSessionKey: async (sessionId, key) => {
        await query(await this.#ready(), insertSessionKey, [sessionId, this.context().owner ?? null, key.keyId, key.wrappedKey, this.context().expiresAt ?? null]);
      },
    };
  }

  protected async release(): Promise<void> {
    await this.#lease.release();
  }

  /** Sessions of this database, newest `createdAt` first, filtered and paged (see README). */
  async listSessions(options: AdvancedListSessionsOptions = {}): Promise<AdvancedSessionSummary[]> {
    return this.guard('listSessions', () => this.listed(options, async () => listSessions(await this.#ready(), this.handle, options)));
  }
}
