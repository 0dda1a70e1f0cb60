/**
 * The two storage steps behind the runner's history capabilities. A store
 * implements each as one database transaction on the session's current
 * history; every rule about what to change (validation, comparison,
 * fingerprints, errors) stays in core and reaches the store as data and
 * synchronous callbacks run inside that transaction.
 */

/** A change of the current history, applied whole or not at all. */
export interface HistorySplice {
  /**
   * Recorded in the same transaction as the change. When the id is already
   * recorded the store changes nothing and reports the fingerprint recorded
   * with it.
   */
  operation?: { id: string; fingerprint: string } | undefined;
  /**
   * What goes first: the newest `newest` items of the current history, or all
   * of it (a compaction; an advanced session keeps those items as its
   * transcript and only stops replaying them, see `advanced/compaction.ts`).
   */
  remove: { newest: number } | 'all';
  /**
   * With `{ newest }`: called inside the transaction with the JSON text of the
   * items about to be removed (oldest first; fewer than `newest` when the
   * history is shorter). Throwing rolls everything back.
   */
  checkRemoved?: ((rows: string[]) => void) | undefined;
  /** JSON rows appended after the removal, in order. */
  append: string[];
}

/** `applied`, or the fingerprint already recorded under the operation id (nothing was changed). */
export type SpliceOutcome = { applied: true } | { applied: false; recordedFingerprint: string };

/** One stored item of the current history and the store's id for its row. */
export interface StoredRow {
  id: number | string;
  json: string;
}

/** Edits of individual rows of the current history, by row id. */
export interface RowEdits {
  /** Rows whose JSON text is replaced in place (they keep their position and timestamps). */
  replace: StoredRow[];
  /** Rows removed from the current history. */
  remove: (number | string)[];
}
