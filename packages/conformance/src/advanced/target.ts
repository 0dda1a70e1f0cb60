import type { AdvancedSessionBase, AdvancedSessionOptions } from '@sessions/core';

/** The tables of an advanced store, by what they hold (each store names them its own way). */
export type AdvancedTable = 'messages' | 'structure' | 'lanes' | 'branches' | 'metadata' | 'usage';

/** One stored usage row, read straight from the store's table. */
export interface RawUsageRow {
  branchId: string;
  turn: number;
  model: string | null;
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

/** Reads and writes an advanced store's tables directly, bypassing the adapter, to check what it stored. */
export interface AdvancedRawAccess {
  /** Rows of one table, over every session of the store. */
  count(table: AdvancedTable): Promise<number>;
  /** Every usage row, in the order stored. */
  usageRows(): Promise<RawUsageRow[]>;
  /** Sets sessions' creation times (ISO-8601 UTC), so date filters and ordering can be checked without waiting. */
  setCreatedAt(dates: Record<string, string>): Promise<void>;
}

/** A fresh, empty advanced store for one case. */
export interface AdvancedStoreUnderTest {
  /** A new session object on the store (a session id or a branch id); the suite closes it after the case. */
  open(sessionId: string, options?: AdvancedSessionOptions): AdvancedSessionBase;
  raw: AdvancedRawAccess;
  /** Drops the store (file, database) after the case. */
  drop(): Promise<void>;
}

/** How a child process opens sessions of the store, for the cases that run part of their work in another process. */
export interface AdvancedProcessCapability {
  /**
   * A module exporting `openSession(sessionId: string)` (an advanced session),
   * which finds the store through the variables `env()` returns. A `.ts`
   * module is loaded with tsx.
   */
  sessionModule: URL;
  /** Environment variables telling `sessionModule` where the current case's store is; called inside the case. */
  env(): Record<string, string>;
}

/** One advanced store under test: an initializer that makes a fresh store per case. */
export interface AdvancedConformanceTarget {
  /** Shown in test names. */
  name: string;
  newStore(): Promise<AdvancedStoreUnderTest>;
  /** Child processes can open sessions of the store (its cases are skipped without it). */
  processes?: AdvancedProcessCapability | undefined;
  /**
   * Sessions are opened with encryption at rest: metadata is stored encrypted,
   * so listing by metadata must be refused (`INVALID_ARGUMENT`) instead of filtering.
   */
  encryptedMetadata?: boolean | undefined;
}
