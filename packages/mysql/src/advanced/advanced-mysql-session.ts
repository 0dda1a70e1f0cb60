import {
  AdvancedSessionBase,
  replayPart,
  runAsync,
  SessionError,
  type AdvancedListSessionsOptions,
  type AdvancedPlan,
  type AdvancedSessionOptions,
  type AdvancedSessionSummary,
  type ChainCache,
  type Segment,
  type SessionItem,
  type SessionKeyTable,
  type StoredSessionKey,
} from '@sessions/core';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { MySQLClient } from '../connection.js';
import { connectSession, sessionStorageError, type MySQLConnectOptions } from '../session-setup.js';
import { sql, touchParams } from '../statements.js';
import { runTransaction } from '../transaction.js';
import { MySQLAdvancedDriver } from './driver.js';
import { branchHead, latestItems } from './latest-items.js';
import { advancedReady, chainCacheOf, type AdvancedPool } from './pool-state.js';
import { listSessions } from './session-list.js';
import { readSnapshot, retryConflicts, writeTransaction } from './transaction.js';

export type { StoreRunUsageOptions } from '@sessions/core';

export interface AdvancedMySQLSessionOptions extends AdvancedSessionOptions, MySQLConnectOptions {}

const MAX_CACHED_CHAINS = 10_000;

/** A duplicate key on the branch id index: another session took the name between the check and the insert. */
function isDuplicateBranch(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e !== null && typeof e === 'object' && e.code === 'ER_DUP_ENTRY' && typeof e.message === 'string' && e.message.includes('branch');
}

/**
 * A MySQL/MariaDB session with branches, token usage per turn and
 * structured queries: the API of `AdvancedSQLiteSession`, for many app
 * servers sharing one database. The rules are `@sessions/core`'s; this class
 * runs them on mysql2, each write in one READ COMMITTED transaction that
 * first locks the session's row (so writers of one session take turns and
 * each batch stays contiguous), run again whole when the server rolls it
 * back for a deadlock. On a node of a MariaDB Galera cluster the lock is a
 * write to that row, so writers on different nodes take turns too (the
 * cluster refuses the later one at COMMIT, and it is run again), and every
 * read waits until the node has applied what the cluster had committed.
 * A branch id passed as `sessionId` opens that branch.
 */
export class AdvancedMySQLSession extends AdvancedSessionBase {
  readonly #client: MySQLClient;
  readonly #createTables: boolean;
  #ready: Promise<AdvancedPool> | undefined;
  /** The lane each branch was last seen writing to, and its segments: `getItems(limit)` checks it in the same statement it reads with. */
  readonly #heads = new Map<string, { head: number; segments: Segment[] }>();

  /** A session on a pool opened from `url`; sessions of this process on one URL share that pool, and the last `close()` ends it. */
  static fromUrl(sessionId: string, options: Omit<AdvancedMySQLSessionOptions, 'pool' | 'db'> & { url: string }): AdvancedMySQLSession {
    return new AdvancedMySQLSession(sessionId, options);
  }

  constructor(sessionId: string, options: AdvancedMySQLSessionOptions) {
    super(sessionId, options);
    const { client, createTables } = connectSession(this.sessionId, options, 'AdvancedMySQLSession');
    this.#client = client;
    this.#createTables = createTables;
  }

  /** The pool this session runs on (its own, or the one it was given). */
  get pool(): Pool {
    return this.#client.pool;
  }

  /** Resolves to what the store needs to know of the server (see `advancedReady`); a failure is checked again next call. */
  #whenReady(): Promise<AdvancedPool> {
    if (this.#ready) return this.#ready;
    const ready = advancedReady(this.#client, this.#createTables);
    ready.then(
      () => (this.#ready = ready),
      () => {},
    );
    return ready;
  }

  protected async runRead<T>(plan: AdvancedPlan<T>): Promise<T> {
    const { rememberChains, galera } = await this.#whenReady();
    return readSnapshot(this.pool, galera, (connection) => runAsync(plan, new MySQLAdvancedDriver(connection, rememberChains, galera)));
  }

  protected async runWrite<T>(plan: AdvancedPlan<T>): Promise<T> {
    const { rememberChains, galera } = await this.#whenReady();
    return writeTransaction(this.pool, galera, (connection) => runAsync(plan, new MySQLAdvancedDriver(connection, rememberChains, galera)));
  }

  protected chainCache(): ChainCache {
    return chainCacheOf(this.#client);
  }

  /** Every call is run again whole when the server rolled its transaction back for a conflict (the plan is made afresh). */
  protected override guard<T>(operation: string, step: () => Promise<T>): Promise<T> {
    return super.guard(operation, () => retryConflicts(operation, step));
  }

  protected override toSessionError(operation: string, error: unknown): SessionError {
    if (error instanceof SessionError) return super.toSessionError(operation, error);
    if (isDuplicateBranch(error)) {
      return new SessionError('CONFLICT', `${operation} failed: the branch name was taken by another writer at the same moment`, { sessionId: this.handle, cause: error });
    }
    return sessionStorageError(operation, error, this.handle) ?? super.toSessionError(operation, error);
  }

  /** The newest `limit` items in one statement when the branch's lane is known; see `latestItems`. */
  protected override async readItems(limit: number | undefined): Promise<SessionItem[]> {
    if (limit === undefined) return super.readItems(limit);
    const { rememberChains: remember, galera } = await this.#whenReady();
    const { sessionId, branchId } = this.context();
    for (let attempt = 0; attempt < 2; attempt++) {
      let known = remember ? this.#heads.get(branchId) : undefined;
      if (!known) {
        known = await branchHead(this.pool, galera, sessionId, branchId);
        // No branch row: `main` before its first write, or a branch deleted meanwhile (the plan names it).
        if (!known) return super.readItems(limit);
        if (remember) this.#remember(branchId, known);
      }
      const rows = await latestItems(this.pool, galera, sessionId, branchId, known.head, replayPart(known.segments), limit);
      if (rows) return rows.map((row) => this.parseRow(row.data, row.id));
      this.#heads.delete(branchId);
    }
    // The branch moved twice while we read: read it in one snapshot.
    return super.readItems(limit);
  }

  #remember(branchId: string, known: { head: number; segments: Segment[] }): void {
    const cache = this.chainCache();
    if (cache.size >= MAX_CACHED_CHAINS) cache.clear();
    cache.set(known.head, known.segments);
    this.#heads.set(branchId, known);
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
        const { owner = null, expiresAt = null } = this.context();
        await runTransaction(this.pool, 'storeSessionKey', async (connection) => {
          await connection.execute(sql.ensureSession, touchParams(sessionId, owner, expiresAt));
          await connection.execute(sql.insertSessionKey, [sessionId, key.keyId, key.wrappedKey]);
        });
      },
    };
  }

  protected async release(): Promise<void> {
    await this.#client.release();
  }

  /** Sessions of this database, newest first, filtered and paged (see README). */
  async listSessions(options: AdvancedListSessionsOptions = {}): Promise<AdvancedSessionSummary[]> {
    return this.guard('listSessions', () =>
      this.listed(options, async () => {
        const { rememberChains, galera } = await this.#whenReady();
        return listSessions(this.pool, galera, rememberChains ? this.chainCache() : undefined, this.handle, options);
      }),
    );
  }
}
