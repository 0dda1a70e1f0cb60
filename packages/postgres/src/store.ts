import {
  archiveReader,
  archiveWriter,
  checkEncryption,
  openArchivedRows,
  openListedMetadata,
  type StoredSessionKey,
  encryptStore,
  rekeyStore,
  requireKeyring,
  type EncryptionOptions,
  type EncryptionStatus,
  type EncryptResult,
  type Keyring,
  type MaintenanceOptions,
  type RekeyResult,
  checkTurnRange,
  checkUsageSumOptions,
  readBranchTurns,
  plainTurnRange,
  usageSumsQuery,
  usageSumRows,
  type TurnRange,
  type TurnRangeItem,
  type UsageSum,
  type UsageSumOptions,
  branchPruneStep,
  checkArchive,
  checkExpiry,
  checkPruneOptions,
  runPrune,
  type PruneResult,
  type PruneSessionsOptions,
  checkOwner,
  checkSessionId,
  checkStoreListOptions,
  decodeCursor,
  deleteSessionPlan,
  encodeCursor,
  MAIN_BRANCH,
  MIGRATIONS_TABLE,
  pendingMigrations,
  readArchive,
  redactUrl,
  runAsync,
  SessionError,
  writeArchive,
  type JsonObject,
  type OpenSessionStore,
  type OpenStoreSessionOptions,
  type SessionStore,
  type StoreArchive,
  type StoreArchiveInput,
  type StoreCapabilities,
  type StoreListOptions,
  type StorePage,
  type WriteSessionArchiveOptions,
} from '@sessions/core';
import type pg from 'pg';
import { AdvancedPostgresSession } from './advanced/advanced-postgres-session.js';
import { PostgresAdvancedDriver } from './advanced/driver.js';
import { iso, numericTypes, POSITION_PATTERN } from './advanced/sql.js';
import { metadataConditions, summaryQuery, type SummaryRow } from './advanced/summaries.js';
import { inTransaction } from './advanced/transaction.js';
import { checkUrl, leaseFor, type PoolLease, type PostgresTarget } from './connection.js';
import { MIGRATE_HINT, toPostgresError } from './errors.js';
import { applyPostgresMigrations, POSTGRES_STORE, shippedMigrations } from './migrate.js';
import { postgresClearRows, postgresKeyRotation } from './key-maintenance.js';
import { PostgresSession } from './postgres-session.js';
import { postgresPruneBatch, setPostgresExpiry } from './store-prune.js';
import { findOldBranches, removeOldBranches } from './branch-prune.js';

const KEY_ROW = `SELECT key_id AS "keyId", wrapped_key AS "wrappedKey" FROM agent_session_keys WHERE session_id = $1`;
const INSERT_KEY = `INSERT INTO agent_session_keys (session_id, key_id, wrapped_key) VALUES ($1, $2, $3)`;
const PLAIN_ROWS = `SELECT message_data AS data, ${iso('created_at')} AS "createdAt" FROM agent_messages WHERE session_id = $1 ORDER BY id`;

/**
 * One PostgreSQL database as a `SessionStore` (see `@sessions/core`): what the
 * `sessions` command line and other tools use. Sessions it opens are
 * `AdvancedPostgresSession`s once the advanced tables exist (`migrate`).
 */
export class PostgresSessionStore implements SessionStore {
  readonly kind = 'postgres';
  readonly location: string;
  readonly #lease: PoolLease;
  #advanced: boolean;
  #closed = false;
  /** Encryption at rest: the keys of the sessions and archives of this store. */
  readonly #keyring: Keyring | undefined;

  private constructor(lease: PoolLease, location: string, advanced: boolean, keyring: Keyring | undefined) {
    this.#lease = lease;
    this.location = location;
    this.#advanced = advanced;
    this.#keyring = keyring;
  }

  /**
   * A store on a URL, your pg.Pool or a Drizzle node-postgres database; `close()` ends only a pool it opened.
   * With `encryption`, the sessions it opens and the archives it reads and writes use those keys.
   */
  static async open(target: PostgresTarget, options: { encryption?: EncryptionOptions | Keyring | undefined } = {}): Promise<PostgresSessionStore> {
    const keyring = checkEncryption(options.encryption);
    const lease = leaseFor(target, 'PostgresSessionStore');
    const location = 'url' in target && typeof target.url === 'string' ? redactUrl(target.url) : 'postgres (a pool of the application)';
    try {
      return new PostgresSessionStore(lease, location, await hasAdvancedTables(lease.pool), keyring);
    } catch (error) {
      await lease.release();
      throw toPostgresError('opening the store', error);
    }
  }

  get capabilities(): StoreCapabilities {
    return { advanced: this.#advanced };
  }

  /** The pool the store and the sessions it opens run on. */
  get pool(): pg.Pool {
    return this.#lease.pool;
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw new SessionError('SESSION_CLOSED', `${operation} called after the store was closed`);
  }

  /** Runs a data operation: every one needs the tables of the current release (a database made by an earlier one must be migrated first). */
  async #guard<T>(operation: string, sessionId: string | undefined, step: () => Promise<T>, needsTables = true): Promise<T> {
    this.#assertOpen(operation);
    try {
      if (needsTables && !this.#advanced) {
        throw new SessionError('MIGRATION_FAILED', `this database lacks the tables of this version of @sessions/postgres; ${MIGRATE_HINT}`);
      }
      return await step();
    } catch (error) {
      throw toPostgresError(operation, error, sessionId);
    }
  }

  openSession(sessionId: string, options: OpenStoreSessionOptions = {}): AdvancedPostgresSession | PostgresSession {
    this.#assertOpen('openSession');
    const settings = {
      pool: this.#lease.pool,
      owner: options.owner,
      sessionSettings: options.sessionSettings,
      expiresAt: options.expiresAt,
      ttlSeconds: options.ttlSeconds,
      encryption: this.#keyring,
    };
    return this.#advanced ? new AdvancedPostgresSession(sessionId, settings) : new PostgresSession(sessionId, settings);
  }

  /** Newest `updatedAt` first, keyset-paged through `agent_sessions`' (owner,) updated_at, session_id indexes. */
  async listSessions(options?: StoreListOptions): Promise<StorePage> {
    const { owner, limit, cursor, metadata } = checkStoreListOptions(options, {
      kind: this.kind,
      keepsMetadata: this.capabilities.advanced,
      metadataEncrypted: this.#keyring !== undefined,
    });
    const after = cursor === undefined ? undefined : decodeCursor(cursor, POSITION_PATTERN);
    return this.#guard('listSessions', undefined, async () => {
      const values: unknown[] = [limit + 1];
      const param = (value: unknown) => `$${values.push(value)}`;
      const where: string[] = [];
      if (owner) where.push(`s.owner = ${param(owner)}`);
      if (after) where.push(`(s.updated_at, s.session_id) < (${param(after[0])}::timestamptz, ${param(after[1])}::text)`);
      if (metadata) {
        const filter = metadataConditions(metadata, values.length + 1);
        where.push(...filter.where);
        values.push(...filter.values);
      }
      const text = summaryQuery({ order: 'updated_at', where });
      const { rows } = await this.#lease.pool.query<SummaryRow>({ text, values, types: numericTypes });
      const page = rows.slice(0, limit);
      const sessions = page.map((row) => ({
        sessionId: row.sessionId,
        owner: row.owner,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        itemCount: row.itemCount,
        branchCount: row.branchCount,
        metadata: row.metadata === null ? {} : (JSON.parse(row.metadata) as JsonObject),
      }));
      await openListedMetadata(this.#keyring, sessions, async (sessionId) => (await this.#lease.pool.query<StoredSessionKey>(KEY_ROW, [sessionId])).rows[0]);
      const last = page[page.length - 1];
      return rows.length > limit && last ? { sessions, nextCursor: encodeCursor(last.position, last.sessionId) } : { sessions };
    });
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    const id = checkSessionId(sessionId);
    return this.#guard('deleteSession', id, async () => {
      const ctx = { sessionId: id, branchId: MAIN_BRANCH, handle: id };
      return inTransaction(this.#lease.pool, 'write', (client) => runAsync(deleteSessionPlan(ctx, id), new PostgresAdvancedDriver(client)));
    });
  }

  async setSessionExpiry(sessionId: string, expiresAt: Date | string | null): Promise<boolean> {
    const id = checkSessionId(sessionId);
    const at = checkExpiry(id, expiresAt);
    return this.#guard('setSessionExpiry', id, () => setPostgresExpiry(this.#lease.pool, id, at));
  }

  /** Batches of whole sessions, each one short transaction; live sessions' writers are never waited for. */
  async pruneSessions(options: PruneSessionsOptions): Promise<PruneResult> {
    const checked = checkPruneOptions(options, { kind: this.kind, branches: this.capabilities.advanced });
    const pool = this.#lease.pool;
    const branches = branchPruneStep(
      (before, owner, after, limit) => findOldBranches(pool, before, owner, after, limit),
      (old, dryRun) => removeOldBranches(pool, old, dryRun),
    );
    return this.#guard('pruneSessions', undefined, () => runPrune(checked, (criteria, batch) => postgresPruneBatch(pool, criteria, batch), branches));
  }

  /** A session a plain `PostgresSession` wrote (no branch rows) reads as its rows on `main`. */
  async readArchive(sessionId: string): Promise<StoreArchive | undefined> {
    const id = checkSessionId(sessionId);
    return this.#guard('readArchive', id, () =>
      inTransaction(this.#lease.pool, 'read', async (client) => {
        const key = (await client.query<StoredSessionKey>(KEY_ROW, [id])).rows[0];
        const cipher = archiveReader(this.#keyring, id, key);
        const archive = await runAsync(readArchive(id, cipher), new PostgresAdvancedDriver(client));
        if (archive === undefined || archive.branches.length > 0) return archive;
        const { rows } = await client.query<{ data: string; createdAt: string }>(PLAIN_ROWS, [id]);
        if (rows.length === 0) return archive;
        const items = openArchivedRows(rows, cipher);
        return { ...archive, branches: [{ branchId: MAIN_BRANCH, parentBranchId: null, fromTurn: null, createdAt: archive.createdAt, items }] };
      }),
    );
  }

  async writeArchive(archive: StoreArchiveInput, options: WriteSessionArchiveOptions = {}): Promise<void> {
    checkArchive(archive);
    checkOwner(archive.sessionId, archive.owner);
    return this.#guard('writeArchive', archive.sessionId, async () => {
      await inTransaction(this.#lease.pool, 'write', async (client) => {
        const writer = archiveWriter(this.#keyring, archive.sessionId);
        await runAsync(writeArchive(archive, options, writer?.rows), new PostgresAdvancedDriver(client));
        if (writer) await client.query(INSERT_KEY, [archive.sessionId, writer.key.keyId, writer.key.wrappedKey]);
      });
    });
  }

  /** A plain session's items (no branch rows) are numbered in process; an advanced branch reads only the range. */
  async readTurns(sessionId: string, branchId: string, range: TurnRange): Promise<TurnRangeItem[]> {
    const id = checkSessionId(sessionId);
    const checked = checkTurnRange(range);
    return this.#guard('readTurns', id, () =>
      inTransaction(this.#lease.pool, 'read', async (client) => {
        const ctx = { sessionId: id, branchId, handle: id };
        const driver = new PostgresAdvancedDriver(client);
        const cipher = archiveReader(this.#keyring, id, (await client.query<StoredSessionKey>(KEY_ROW, [id])).rows[0]);
        if (branchId === MAIN_BRANCH && (await driver.branch(id, MAIN_BRANCH)) === undefined) {
          return plainTurnRange(id, branchId, checked, async () => openArchivedRows((await client.query<{ data: string; createdAt: string }>(PLAIN_ROWS, [id])).rows, cipher));
        }
        return openArchivedRows(await runAsync(readBranchTurns(ctx, branchId, checked), driver), cipher);
      }),
    );
  }

  async sumUsage(options: UsageSumOptions): Promise<UsageSum[]> {
    const checked = checkUsageSumOptions(options);
    return this.#guard('sumUsage', checked.sessionId, async () => {
      const { text, values } = usageSumsQuery(checked, (n) => `$${n}`);
      return usageSumRows(checked, (await this.#lease.pool.query(text, values)).rows);
    });
  }

  async pendingMigrations(): Promise<string[]> {
    return this.#guard('pendingMigrations', undefined, async () => {
      const { rows } = await this.#lease.pool.query<{ journal: boolean }>(`SELECT to_regclass('${MIGRATIONS_TABLE}') IS NOT NULL AS journal`);
      const applied = rows[0]!.journal
        ? (await this.#lease.pool.query<{ tag: string; hash: string }>(`SELECT tag, hash FROM "${MIGRATIONS_TABLE}" WHERE store = $1`, [POSTGRES_STORE])).rows
        : [];
      return pendingMigrations(shippedMigrations(), applied).map((m) => m.tag);
    }, false);
  }

  async migrate(): Promise<string[]> {
    return this.#guard('migrate', undefined, async () => {
      const applied = await applyPostgresMigrations(this.#lease.pool, POSTGRES_STORE, shippedMigrations());
      this.#advanced = await hasAdvancedTables(this.#lease.pool);
      return applied;
    }, false);
  }

  async encryptionStatus(): Promise<EncryptionStatus> {
    return this.#guard('encryptionStatus', undefined, () => postgresClearRows(this.#lease.pool, this.#advanced).status(), false);
  }

  async rekey(keys: EncryptionOptions | Keyring, options?: MaintenanceOptions): Promise<RekeyResult> {
    const keyring = requireKeyring(keys);
    return this.#guard('rekey', undefined, () => rekeyStore(postgresKeyRotation(this.#lease.pool), keyring, options), false);
  }

  async encrypt(keys: EncryptionOptions | Keyring, options?: MaintenanceOptions): Promise<EncryptResult> {
    const keyring = requireKeyring(keys);
    return this.#guard(
      'encrypt',
      undefined,
      () => encryptStore(postgresClearRows(this.#lease.pool, this.#advanced), keyring, options),
      false,
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#lease.release();
  }
}

async function hasAdvancedTables(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ advanced: boolean }>(`SELECT to_regclass('advanced_branches') IS NOT NULL AS advanced`);
  return rows[0]!.advanced;
}

/** `@sessions/postgres`'s store for the `sessions` command line: a postgres:// or postgresql:// URL. Servers are never migrated implicitly. */
export const openSessionStore: OpenSessionStore = async (url, options) => PostgresSessionStore.open({ url: checkUrl(url) }, { encryption: options?.encryption });
