import { existsSync } from 'node:fs';
import {
  checkEncryption,
  encryptStore,
  rekeyStore,
  requireKeyring,
  SESSIONS_TABLE,
  SessionError,
  type EncryptionOptions,
  type EncryptionStatus,
  type EncryptResult,
  type Keyring,
  type MaintenanceOptions,
  type RekeyResult,
  checkExpiry,
  checkPruneOptions,
  checkSessionId,
  runPrune,
  type PruneBranchesStep,
  type PruneResult,
  type PruneSessionsOptions,
  type OpenSessionStoreOptions,
  type OpenStoreSessionOptions,
  type SessionStore,
  type StoreArchive,
  type StoreArchiveInput,
  type StoreCapabilities,
  type StoreListOptions,
  type StorePage,
  type WriteSessionArchiveOptions,
  type TurnRange,
  type TurnRangeItem,
  type UsageSum,
  type UsageSumOptions,
  type AgentSession,
  type AdvancedSessionBase,
} from '@sessions/core';
import { acquireConnection, type SqliteConnection, type SqliteDatabase } from '../connection.js';
import { sqliteClearRows, sqliteKeyRotation } from './key-maintenance.js';
import { setSqliteExpiry, sqlitePruneBatch, type PruneCountTables } from './prune-batch.js';
import { sqlitePathOf } from './sqlite-path.js';

/** The file a SQLite store opens: checked, and present unless `create`. */
export function storeFile(url: string, options: OpenSessionStoreOptions | undefined, kind: string): string {
  const path = sqlitePathOf(url);
  if (path === undefined) throw new SessionError('INVALID_ARGUMENT', `${kind} stores are SQLite files (./sessions.db, sqlite:sessions.db), not ${JSON.stringify(url.split(':')[0])} URLs`);
  if (options?.create !== true && !existsSync(path)) {
    throw new SessionError('NOT_FOUND', `no such file: ${path} (pass { create: true } to create it)`);
  }
  return path;
}

/**
 * What both SQLite stores share: one connection to the file (the one every
 * session of this process on it shares), opened on first use; tables
 * brought up to date on first use when the file already holds them (as the
 * sessions do) or when the store was opened with `create`, never written
 * into a file that is not ours by a read; driver errors as `STORAGE_ERROR`.
 */
export abstract class SqliteStoreBase implements SessionStore {
  abstract readonly kind: string;
  abstract readonly capabilities: StoreCapabilities;
  readonly location: string;
  /** Encryption at rest: the keys sessions and archives of this store use. */
  protected readonly keyring: Keyring | undefined;
  readonly #create: boolean;
  #connection: SqliteConnection | undefined;
  #ready = false;
  #closed = false;

  constructor(
    readonly path: string,
    options: OpenSessionStoreOptions | undefined,
  ) {
    this.location = path;
    this.#create = options?.create === true;
    this.keyring = checkEncryption(options?.encryption);
  }

  /** Applies this store's migrations; the tags applied. */
  protected abstract applyMigrations(db: SqliteDatabase): string[];
  /** This store's migrations not applied to `db` yet. */
  protected abstract pendingIn(db: SqliteDatabase): string[];

  abstract openSession(sessionId: string, options?: OpenStoreSessionOptions): AgentSession | AdvancedSessionBase;
  abstract listSessions(options?: StoreListOptions): Promise<StorePage>;
  abstract deleteSession(sessionId: string): Promise<boolean>;
  abstract readArchive(sessionId: string): Promise<StoreArchive | undefined>;
  abstract writeArchive(archive: StoreArchiveInput, options?: WriteSessionArchiveOptions): Promise<void>;
  abstract readTurns(sessionId: string, branchId: string, range: TurnRange): Promise<TurnRangeItem[]>;
  abstract sumUsage(options: UsageSumOptions): Promise<UsageSum[]>;

  protected connection(): SqliteConnection {
    if (this.#closed) throw new SessionError('SESSION_CLOSED', `the ${this.kind} store ${this.location} is closed`);
    this.#connection ??= acquireConnection(this.path);
    return this.#connection;
  }

  /** The database, with its tables up to date when it holds ours or the store may create them. */
  protected database(): SqliteDatabase {
    const { db } = this.connection();
    if (!this.#ready) {
      const ours = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(SESSIONS_TABLE) !== undefined;
      if (ours || this.#create) this.applyMigrations(db);
      this.#ready = true;
    }
    return db;
  }

  /** Runs a store operation, reporting anything but a `SessionError` as `STORAGE_ERROR` (the driver's error as cause). */
  protected async run<T>(operation: string, sessionId: string | undefined, step: () => T | Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof SessionError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new SessionError('STORAGE_ERROR', `${operation} on ${this.location} failed: ${reason}`, {
        ...(sessionId === undefined ? {} : { sessionId }),
        cause: error,
      });
    }
  }

  /** The tables of branches and usage a prune counts (an advanced store's). */
  protected pruneCountTables(): PruneCountTables {
    return {};
  }

  /** How a prune removes old branches; none on a plain store. */
  protected pruneBranchesStep(): PruneBranchesStep | undefined {
    return undefined;
  }

  async setSessionExpiry(sessionId: string, expiresAt: Date | string | null): Promise<boolean> {
    const id = checkSessionId(sessionId);
    const at = checkExpiry(id, expiresAt);
    return this.run('setSessionExpiry', id, () => setSqliteExpiry(this.database(), id, at));
  }

  /** Batches of whole sessions, each in one IMMEDIATE transaction; other writers get the file between batches. */
  async pruneSessions(options: PruneSessionsOptions): Promise<PruneResult> {
    const checked = checkPruneOptions(options, { kind: this.kind, branches: this.pruneBranchesStep() !== undefined });
    return this.run('pruneSessions', undefined, () =>
      runPrune(checked, async (criteria, batch) => sqlitePruneBatch(this.database(), criteria, batch, this.pruneCountTables()), this.pruneBranchesStep()),
    );
  }

  pendingMigrations(): Promise<string[]> {
    return this.run('pendingMigrations', undefined, () => this.pendingIn(this.connection().db));
  }

  migrate(): Promise<string[]> {
    return this.run('migrate', undefined, () => {
      const applied = this.applyMigrations(this.connection().db);
      this.#ready = true;
      return applied;
    });
  }

  encryptionStatus(): Promise<EncryptionStatus> {
    return this.run('encryptionStatus', undefined, () => sqliteClearRows(() => this.database(), this.capabilities.advanced).status());
  }

  rekey(keys: EncryptionOptions | Keyring, options?: MaintenanceOptions): Promise<RekeyResult> {
    const keyring = requireKeyring(keys);
    return this.run('rekey', undefined, () => rekeyStore(sqliteKeyRotation(() => this.database()), keyring, options));
  }

  encrypt(keys: EncryptionOptions | Keyring, options?: MaintenanceOptions): Promise<EncryptResult> {
    const keyring = requireKeyring(keys);
    return this.run('encrypt', undefined, () => encryptStore(sqliteClearRows(() => this.database(), this.capabilities.advanced), keyring, options));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#connection?.release();
    this.#connection = undefined;
  }
}
