import type { SessionArchive, SessionArchiveInput, WriteSessionArchiveOptions } from '../advanced/archive-types.js';
import type { AdvancedSessionBase } from '../advanced/advanced-session-base.js';
import type { TurnRange, TurnRangeItem, UsageSum, UsageSumOptions } from '../advanced/inspection.js';
import type { EncryptionOptions, Keyring } from '../encryption/keyring.js';
import type { EncryptResult, EncryptionStatus, MaintenanceOptions, RekeyResult } from '../encryption/maintenance.js';
import type { JsonObject } from '../items.js';
import type { AgentSession } from '../session.js';
import type { SessionSettings } from '../settings.js';
import type { SessionExpiryOptions } from './expiry.js';
import type { PruneResult, PruneSessionsOptions } from './prune.js';

/**
 * What a store can hold beyond a plain history. A plain store (e.g.
 * `@sessions/sqlite`) holds each session's items, owner and times; an
 * advanced store also holds branches, usage and metadata.
 */
export interface StoreCapabilities {
  /** Branches, usage per turn and metadata (`openSession` returns an advanced session). */
  advanced: boolean;
}

export interface OpenStoreSessionOptions extends SessionExpiryOptions {
  sessionSettings?: SessionSettings | undefined;
  /**
   * The user or tenant the session belongs to, recorded when the session is
   * created (its first write). A session keeps its first owner.
   */
  owner?: string | undefined;
  // expiresAt / ttlSeconds (SessionExpiryOptions): recorded, like the owner, when the session is created.
}

/** One session as a store lists it. Times are ISO-8601 UTC. */
export interface StoreSessionSummary {
  sessionId: string;
  owner: string | null;
  createdAt: string;
  /** When the session was last written. */
  updatedAt: string;
  /** Items on `main` (all items on a plain store). */
  itemCount: number;
  /** Branches, `main` included (1 on a plain store). */
  branchCount: number;
  /** `null` on a plain store, `{}` when none was set. */
  metadata: JsonObject | null;
}

export interface StoreListOptions {
  /** Only this owner's sessions. */
  owner?: string | undefined;
  /** Only sessions whose metadata has every one of these top-level keys with exactly this scalar value (advanced stores). */
  metadata?: Record<string, string | number | boolean | null> | undefined;
  /** Page size, 1 to 1000; 50 by default. */
  limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

/** Newest `updatedAt` first, ties by session id; keyset-paged through an index. */
export interface StorePage {
  sessions: StoreSessionSummary[];
  /** Present when more sessions follow. */
  nextCursor?: string | undefined;
}

/** A session as one store's archive: `SessionArchive` plus its owner. */
export interface StoreArchive extends SessionArchive {
  owner: string | null;
}

export type StoreArchiveInput = SessionArchiveInput & { owner?: string | null | undefined };

/**
 * One database seen as a whole: what the `sessions` command line, the
 * inspector and the demo use, and what a third-party adapter implements to
 * get them. Every method is a typed `SessionError` on failure.
 */
export interface SessionStore {
  /** `sqlite`, `advanced-sqlite`, `postgres`, `mysql`, ... (names the adapter package). */
  readonly kind: string;
  /** Where it is, with any password hidden (safe to print). */
  readonly location: string;
  readonly capabilities: StoreCapabilities;
  /** A session object on this store (an `AdvancedSessionBase` when `capabilities.advanced`). Close it when done. */
  openSession(sessionId: string, options?: OpenStoreSessionOptions): AgentSession | AdvancedSessionBase;
  listSessions(options?: StoreListOptions): Promise<StorePage>;
  /** Deletes a session with everything it holds; whether it existed. */
  deleteSession(sessionId: string): Promise<boolean>;
  /**
   * Sets when a session expires (`null`: never); whether the session exists.
   * An expired session reads as empty, is not listed, refuses writes with
   * `SESSION_EXPIRED`, and goes at the next `pruneSessions({ expired: true })`.
   */
  setSessionExpiry(sessionId: string, expiresAt: Date | string | null): Promise<boolean>;
  /**
   * Deletes whole sessions (with everything they hold) that are expired or
   * not written for `olderThan`, in short transactions of `batchSize`
   * sessions, and on an advanced store old branches; counts of what went.
   * `INVALID_ARGUMENT` without a criterion.
   */
  pruneSessions(options: PruneSessionsOptions): Promise<PruneResult>;
  /** Everything one session holds, or `undefined` when there is no such session. */
  readArchive(sessionId: string): Promise<StoreArchive | undefined>;
  /**
   * Writes a whole session in one transaction. `CONFLICT` when it exists
   * (unless `replace`); `INVALID_ARGUMENT` when the archive holds what this
   * store cannot (branches, usage or metadata on a plain store).
   */
  writeArchive(archive: StoreArchiveInput, options?: WriteSessionArchiveOptions): Promise<void>;
  /**
   * The items of turns `fromTurn..toTurn` (inclusive) of one branch (`main`
   * on a plain store), oldest first, each with its turn: what an inspector
   * pages through. An advanced store reads only the range; a plain store
   * numbers the session's items in process. `NOT_FOUND` for an unknown branch.
   */
  readTurns(sessionId: string, branchId: string, range: TurnRange): Promise<TurnRangeItem[]>;
  /** Usage summed per group over the store or one session, branch and turn range; none on a plain store. */
  sumUsage(options: UsageSumOptions): Promise<UsageSum[]>;
  /** Migrations not applied yet (tags), without applying them. */
  pendingMigrations(): Promise<string[]>;
  /** Applies pending migrations; the tags applied. */
  migrate(): Promise<string[]>;
  /** Releases what the store opened (a pool it created, a file handle). Idempotent. */
  close(): Promise<void>;

  // Encryption at rest, on stores that offer it (see the README's "Encryption at rest").
  /** How many sessions are encrypted (per key id), hold clear rows, or both. */
  encryptionStatus?(): Promise<EncryptionStatus>;
  /**
   * Re-wraps every session's data key under `keys`' active key, session by
   * session (resumable); items are not rewritten. The keys wrapping them now must be among `keys`.
   */
  rekey?(keys: EncryptionOptions | Keyring, options?: MaintenanceOptions): Promise<RekeyResult>;
  /** Encrypts the rows of sessions stored in clear, session by session (resumable). */
  encrypt?(keys: EncryptionOptions | Keyring, options?: MaintenanceOptions): Promise<EncryptResult>;
}

export interface OpenSessionStoreOptions {
  /** Create what is missing instead of failing (a SQLite file and its tables); servers are never migrated implicitly. */
  create?: boolean | undefined;
  /** Encryption at rest: sessions the store opens, archives it reads and writes, use these keys. */
  encryption?: EncryptionOptions | Keyring | undefined;
}

/**
 * What every adapter package exports as `openSessionStore`: a store from a
 * URL or path it recognises (`postgres://…`, `mysql://…`, a SQLite file), so
 * the `sessions` command line can open it without knowing the adapter.
 */
export type OpenSessionStore = (url: string, options?: OpenSessionStoreOptions) => Promise<SessionStore>;
