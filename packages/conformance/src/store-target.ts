import type { SessionStore } from '@sessions/core';

/** A session row as the tables hold it, times as ISO-8601 text. */
export interface RawSessionRow {
  owner: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A stored message row: its JSON text and time (ISO-8601). */
export interface RawMessageRow {
  data: string;
  createdAt: string;
}

/** Reads straight from a store's tables, bypassing the adapter, to check what a store call really wrote. */
export interface RawStoreReader {
  /** The session's row, or `undefined` when there is none. */
  sessionRow(sessionId: string): Promise<RawSessionRow | undefined>;
  /** Every message row stored for the session (every branch's, on an advanced store), in stored order. */
  messageRows(sessionId: string): Promise<RawMessageRow[]>;
  /** Rows each table holding a `session_id` column has for the session (every one must be 0 once it is deleted). */
  rowCounts?(sessionId: string): Promise<Record<string, number>>;
}

/**
 * One adapter's store under test. `setup` prepares a database of its own
 * (migrated or not: the suite calls `migrate()` first); `openStore` opens a
 * store on it, and may be called several times.
 */
export interface StoreConformanceTarget {
  /** Shown in test names, e.g. `advanced-sqlite (file)`. */
  name: string;
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  openStore(): Promise<SessionStore>;
  raw?: RawStoreReader | undefined;
  /** The store is opened with encryption keys: metadata is stored encrypted, so a metadata filter must be refused. */
  encryptedMetadata?: boolean | undefined;
}
