import type { StoreUrl } from '../store-url.js';
import type { SessionPage, SessionRecord } from './records.js';

export type StoreKind = 'sqlite' | 'advanced-sqlite' | 'postgres' | 'mysql';

/** What the CLI needs of any store, whatever its dialect. */
export interface Store {
  readonly location: StoreUrl;
  readonly kind: StoreKind;
  /** Whether the store keeps branches, usage and metadata (advanced-sqlite does; the others do not). */
  readonly holds: { branches: boolean; usage: boolean; metadata: boolean };
  /** Sessions, most recently updated first. */
  listSessions(options: { limit: number; cursor?: string | undefined }): Promise<SessionPage>;
  /** Every session id, in a stable order (copy and export --all walk it). */
  allSessionIds(): Promise<string[]>;
  readSession(sessionId: string): Promise<SessionRecord | undefined>;
  /** advanced-sqlite: a branch id is also a handle; the session it belongs to. */
  branchOwner?(branchId: string): Promise<string | undefined>;
  /**
   * Writes a whole session in one transaction: afterwards the destination holds
   * all of it or, after a crash, none of it. Throws `CONFLICT` when the session
   * exists, unless `replace`.
   */
  writeSession(record: SessionRecord, options: { replace: boolean }): Promise<void>;
  close(): Promise<void>;
}
