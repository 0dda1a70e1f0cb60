import type { SessionItem } from './items.js';
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
}
