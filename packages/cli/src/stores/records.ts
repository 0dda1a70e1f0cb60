/** One stored item: its JSON text exactly as stored, and when it was stored (ISO-8601 UTC). */
export interface StoredItem {
  data: string;
  createdAt: string;
}

/** A branch other than `main` (stores with branches only), with its whole history as that branch reads it. */
export interface BranchRecord {
  branchId: string;
  /** The branch it was created from. */
  parentBranchId: string | null;
  /** The turn it was created from (`createBranchFromTurn(n)`); `null` when unknown. */
  fromTurn: number | null;
  createdAt: string;
  /** Extra store-specific columns (name, ...), carried through export and copy unchanged. */
  extra?: Record<string, unknown> | undefined;
  items: StoredItem[];
}

/** One usage row as the store keeps it (branch, turn, tokens, model, ...), carried through unchanged. */
export type UsageRecord = Record<string, unknown>;

/** Everything a store holds about one session: what export writes and import/copy restore. */
export interface SessionRecord {
  sessionId: string;
  /** The user or tenant the session belongs to. */
  owner: string | null;
  /** When `main` was created, where the store keeps it. */
  mainCreatedAt?: string | undefined;
  createdAt: string;
  updatedAt: string;
  metadata: Record<string, unknown> | null;
  /** The `main` history. */
  items: StoredItem[];
  branches: BranchRecord[];
  usage: UsageRecord[];
}
