import type { SessionHistoryRewriteArgs, SessionHistoryTransactionArgs } from '@openai/agents-core';
import type { SessionItem } from './items.js';
import type { EncryptionOptions, Keyring } from './encryption/keyring.js';
import type { SessionSettings } from './settings.js';

/**
 * The contract every session of ours implements. It is the `Session`
 * interface of `@openai/agents` (so any of our sessions can be passed to
 * `run(agent, input, { session })`) plus `close()`.
 */
export interface AgentSession {
  getSessionId(): Promise<string>;
  /** The latest `limit` items, oldest first; every item when neither `limit` nor `sessionSettings.limit` is set. */
  getItems(limit?: number): Promise<SessionItem[]>;
  /** Appends the batch atomically, in order; validates all of it before writing any of it. */
  addItems(items: SessionItem[]): Promise<void>;
  /** Removes and returns the newest item, or `undefined` when the session is empty. */
  popItem(): Promise<SessionItem | undefined>;
  clearSession(): Promise<void>;
  /** Releases what the session opened; every later call rejects with `SESSION_CLOSED`. */
  close(): Promise<void>;
  readonly closed: boolean;
}

export interface SessionOptions {
  sessionSettings?: SessionSettings | undefined;
  /**
   * Encryption at rest: item bodies are stored encrypted under a data key of
   * the session's own, wrapped by the active key (see the README's "Encryption at rest").
   */
  encryption?: EncryptionOptions | Keyring | undefined;
}

/**
 * A session with the optional capabilities the `@openai/agents` runner detects
 * (`isSessionHistoryTransactionAwareSession`, `isSessionHistoryRewriteAwareSession`,
 * `replaceHistoryWithCompaction`), so it persists guarded and compacted turns
 * exactly as with the SDK's own `MemorySession`.
 */
export interface HistoryAwareSession extends AgentSession {
  /** Appends, or replaces the newest items, atomically with recording `operationId`; a retry with the same id changes nothing. */
  applyHistoryTransaction(args: SessionHistoryTransactionArgs): Promise<void>;
  /** Replaces stored function calls by call id, atomically. */
  applyHistoryMutations(args: SessionHistoryRewriteArgs): Promise<void>;
  /** Replaces the whole history with `items` (a compaction item first), atomically. */
  replaceHistoryWithCompaction(items: SessionItem[]): Promise<void>;
}
