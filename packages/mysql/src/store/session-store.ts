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
  branchPruneStep,
  checkArchive,
  checkTurnRange,
  checkUsageSumOptions,
  MAIN_BRANCH,
  readBranchTurns,
  plainTurnRange,
  checkSessionId,
  checkExpiry,
  checkPruneOptions,
  runPrune,
  type PruneResult,
  type PruneSessionsOptions,
  readArchive,
  redactUrl,
  runAsync,
  SessionError,
  writeArchive,
  type AdvancedSessionBase,
  type AgentSession,
  type ChainCache,
  type OpenSessionStoreOptions,
  type OpenStoreSessionOptions,
  type SessionStore,
  type StoreArchive,
  type StoreArchiveInput,
  type StoreCapabilities,
  type StoreListOptions,
  type StorePage,
  type TurnRange,
  type TurnRangeItem,
  type UsageSum,
  type UsageSumOptions,
  type WriteSessionArchiveOptions,
} from '@sessions/core';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { AdvancedMySQLSession } from '../advanced/advanced-mysql-session.js';
import { MySQLAdvancedDriver } from '../advanced/driver.js';
import { advancedReady, chainCacheOf } from '../advanced/pool-state.js';
import { readSnapshot, retryConflicts, writeTransaction } from '../advanced/transaction.js';
import { checkUrl, connect, type MySQLClient } from '../connection.js';
import { errorText } from '../errors.js';
import { applyMySQLMigrations, MYSQL_STORE, pendingMySQLMigrations, shippedMigrations } from '../migrate.js';
import { MySQLSession } from '../mysql-session.js';
import { sessionStorageError } from '../session-setup.js';
import { mysqlClearRows, mysqlKeyRotation } from './key-maintenance.js';
import { listStoreSessions } from './store-list.js';
import { mysqlPruneBatch, setMySQLExpiry } from './store-prune.js';
import { findOldBranches, removeOldBranches } from './branch-prune.js';

const KEY_ROW = 'SELECT key_id AS keyId, wrapped_key AS wrappedKey FROM agent_session_keys WHERE session_id = ?';
const INSERT_KEY = 'INSERT INTO agent_session_keys (session_id, key_id, wrapped_key) VALUES (?, ?, ?)';

function storeError(operation: string, error: unknown, sessionId?: string): SessionError {
  if (error instanceof SessionError) return error;
  return sessionStorageError(operation, error, sessionId) ?? new SessionError('STORAGE_ERROR', `${operation} failed: ${errorText(error)}`, { sessionId, cause: error });
}

async function hasAdvancedTables(pool: Pool): Promise<boolean> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT 1 AS found FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'advanced_branches'`,
  );
  return rows.length > 0;
}

/**
 * A MySQL/MariaDB database as a whole (see `SessionStore` in
 * `@sessions/core`): what the `sessions` command line and the demo use.
 * Sessions it opens share its pool; `close()` ends it.
 */
class MySQLSessionStore implements SessionStore {
  readonly kind = 'mysql';
  readonly location: string;
  readonly #client: MySQLClient;
  #advanced: boolean;
  #closed = false;

  /** Encryption at rest: the keys of the sessions and archives of this store. */
  readonly #keyring: Keyring | undefined;

  constructor(url: string, client: MySQLClient, advanced: boolean, encryption?: EncryptionOptions | Keyring) {
    this.location = redactUrl(url);
    this.#client = client;
    this.#advanced = advanced;
    this.#keyring = checkEncryption(encryption);
  }

  get capabilities(): StoreCapabilities {
    return { advanced: this.#advanced };
  }

  #open(operation: string): Pool {
    if (this.#closed) throw new SessionError('SESSION_CLOSED', `${operation} called after the store was closed`);
    return this.#client.pool;
  }

  /** The schema is in place; the lane chain cache when chains may be cached on this pool, and whether the server is a Galera node. */
  async #ready(operation: string): Promise<{ chains: ChainCache | undefined; galera: boolean }> {
    this.#open(operation);
    const { rememberChains, galera } = await advancedReady(this.#client, false);
    return { chains: rememberChains ? chainCacheOf(this.#client) : undefined, galera };
  }

  openSession(sessionId: string, options: OpenStoreSessionOptions = {}): AgentSession | AdvancedSessionBase {
    const pool = this.#open('openSession');
    const shared = { pool, owner: options.owner, sessionSettings: options.sessionSettings, expiresAt: options.expiresAt, ttlSeconds: options.ttlSeconds, encryption: this.#keyring };
    return this.#advanced ? new AdvancedMySQLSession(sessionId, shared) : new MySQLSession(sessionId, shared);
  }

  async listSessions(options: StoreListOptions = {}): Promise<StorePage> {
    try {
      const { chains, galera } = await this.#ready('listSessions');
      const pool = this.#open('listSessions');
      const page = await listStoreSessions(pool, galera, chains, options, this.#keyring !== undefined);
      await openListedMetadata(this.#keyring, page.sessions, async (sessionId) => {
        const [keys] = await pool.query<(RowDataPacket & StoredSessionKey)[]>(KEY_ROW, [sessionId]);
        return keys[0] && { keyId: keys[0].keyId, wrappedKey: keys[0].wrappedKey };
      });
      return page;
    } catch (error) {
      throw storeError('listSessions', error);
    }
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    const id = checkSessionId(sessionId);
    const session = new AdvancedMySQLSession(id, { pool: this.#open('deleteSession') });
    try {
      return await session.deleteSession(id);
    } finally {
      await session.close();
    }
  }

  async setSessionExpiry(sessionId: string, expiresAt: Date | string | null): Promise<boolean> {
    const id = checkSessionId(sessionId);
    const at = checkExpiry(id, expiresAt);
    try {
      await this.#ready('setSessionExpiry');
      return await setMySQLExpiry(this.#client.pool, id, at);
    } catch (error) {
      throw storeError('setSessionExpiry', error, id);
    }
  }

  /** Batches of whole sessions, each one short transaction; live sessions' writers are never waited for. */
  async pruneSessions(options: PruneSessionsOptions): Promise<PruneResult> {
    const checked = checkPruneOptions(options, { kind: this.kind, branches: this.#advanced });
    try {
      const { galera, chains } = await this.#ready('pruneSessions');
      const pool = this.#client.pool;
      const branches = branchPruneStep(
        (before, owner, after, limit) => findOldBranches(pool, galera, before, owner, after, limit),
        (old, dryRun) => removeOldBranches(pool, galera, chains !== undefined, old, dryRun),
      );
      return await runPrune(checked, (criteria, batch) => retryConflicts('pruneSessions', () => mysqlPruneBatch(pool, galera, this.#advanced, criteria, batch)), branches);
    } catch (error) {
      throw storeError('pruneSessions', error);
    }
  }

  /** One snapshot; a session a plain `MySQLSession` wrote (no branch rows) reads as its rows on `main`. */
  async readArchive(sessionId: string): Promise<StoreArchive | undefined> {
    const id = checkSessionId(sessionId);
    try {
      const { chains, galera } = await this.#ready('readArchive');
      return await readSnapshot(this.#client.pool, galera, async (connection) => {
        const driver = new MySQLAdvancedDriver(connection, chains !== undefined, galera);
        const [keys] = await connection.query<(RowDataPacket & StoredSessionKey)[]>(KEY_ROW, [id]);
        const cipher = archiveReader(this.#keyring, id, keys[0] && { keyId: keys[0].keyId, wrappedKey: keys[0].wrappedKey });
        const archive = await runAsync(readArchive(id, cipher), driver);
        if (archive && archive.branches.length === 0) {
          const rows = await driver.plainRows(id);
          if (rows.length > 0) {
            const items = openArchivedRows(rows.map(({ data, createdAt }) => ({ data, createdAt })), cipher);
            archive.branches.push({ branchId: 'main', parentBranchId: null, fromTurn: null, createdAt: archive.createdAt, items });
          }
        }
        return archive;
      });
    } catch (error) {
      throw storeError('readArchive', error, id);
    }
  }

  /** One READ COMMITTED transaction (run again whole after a deadlock): afterwards the store holds all of the session or none of it. */
  async writeArchive(archive: StoreArchiveInput, options: WriteSessionArchiveOptions = {}): Promise<void> {
    checkArchive(archive);
    try {
      const { chains, galera } = await this.#ready('writeArchive');
      await retryConflicts('writeArchive', () =>
        writeTransaction(this.#client.pool, galera, async (connection) => {
          const writer = archiveWriter(this.#keyring, archive.sessionId);
          await runAsync(writeArchive(archive, options, writer?.rows), new MySQLAdvancedDriver(connection, chains !== undefined, galera));
          if (writer) await connection.query(INSERT_KEY, [archive.sessionId, writer.key.keyId, writer.key.wrappedKey]);
        }),
      );
    } catch (error) {
      throw storeError('writeArchive', error, archive.sessionId);
    }
  }

  /** One snapshot; a session a plain `MySQLSession` wrote reads as its rows on `main`, numbered in process. */
  async readTurns(sessionId: string, branchId: string, range: TurnRange): Promise<TurnRangeItem[]> {
    const id = checkSessionId(sessionId);
    const checked = checkTurnRange(range);
    try {
      const { chains, galera } = await this.#ready('readTurns');
      return await readSnapshot(this.#client.pool, galera, async (connection) => {
        const driver = new MySQLAdvancedDriver(connection, chains !== undefined, galera);
        const [keys] = await connection.query<(RowDataPacket & StoredSessionKey)[]>(KEY_ROW, [id]);
        const cipher = archiveReader(this.#keyring, id, keys[0] && { keyId: keys[0].keyId, wrappedKey: keys[0].wrappedKey });
        if (branchId === MAIN_BRANCH && (await driver.branch(id, MAIN_BRANCH)) === undefined) {
          return plainTurnRange(id, branchId, checked, async () => openArchivedRows(await driver.plainRows(id), cipher));
        }
        return openArchivedRows(await runAsync(readBranchTurns({ sessionId: id, branchId, handle: id, chains }, branchId, checked), driver), cipher);
      });
    } catch (error) {
      throw storeError('readTurns', error, id);
    }
  }

  async sumUsage(options: UsageSumOptions): Promise<UsageSum[]> {
    const checked = checkUsageSumOptions(options);
    try {
      const { galera } = await this.#ready('sumUsage');
      return await readSnapshot(this.#client.pool, galera, (connection) => new MySQLAdvancedDriver(connection, false, galera).usageSums(checked));
    } catch (error) {
      throw storeError('sumUsage', error, checked.sessionId);
    }
  }

  async pendingMigrations(): Promise<string[]> {
    try {
      return await pendingMySQLMigrations(this.#open('pendingMigrations'));
    } catch (error) {
      throw storeError('pendingMigrations', error);
    }
  }

  async migrate(): Promise<string[]> {
    const applied = await applyMySQLMigrations(this.#open('migrate'), MYSQL_STORE, shippedMigrations());
    this.#advanced = await hasAdvancedTables(this.#client.pool).catch(() => this.#advanced);
    return applied;
  }

  async encryptionStatus(): Promise<EncryptionStatus> {
    try {
      return await mysqlClearRows(this.#open('encryptionStatus'), this.#advanced).status();
    } catch (error) {
      throw storeError('encryptionStatus', error);
    }
  }

  async rekey(keys: EncryptionOptions | Keyring, options?: MaintenanceOptions): Promise<RekeyResult> {
    const keyring = requireKeyring(keys);
    try {
      return await rekeyStore(mysqlKeyRotation(this.#open('rekey')), keyring, options);
    } catch (error) {
      throw storeError('rekey', error);
    }
  }

  async encrypt(keys: EncryptionOptions | Keyring, options?: MaintenanceOptions): Promise<EncryptResult> {
    const keyring = requireKeyring(keys);
    try {
      return await encryptStore(mysqlClearRows(this.#open('encrypt'), this.#advanced), keyring, options);
    } catch (error) {
      throw storeError('encrypt', error);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.release();
  }
}

/**
 * The store at a `mysql://` (or `mariadb://`) URL, on a pool of its own.
 * Nothing is migrated implicitly: `pendingMigrations()` says what
 * `migrate()` would apply. `capabilities.advanced` is true once the advanced
 * tables exist.
 */
export async function openSessionStore(url: string, options: OpenSessionStoreOptions = {}): Promise<SessionStore> {
  const checked = checkUrl(url);
  const client = connect({ url: checked, poolOptions: {} });
  try {
    return new MySQLSessionStore(url, client, await hasAdvancedTables(client.pool), options.encryption);
  } catch (error) {
    await client.release();
    throw storeError('openSessionStore', error);
  }
}
