import type { JsonObject } from '../items.js';
import type { TokenCounts } from './types.js';

/** One stored item: its JSON text exactly as stored, and when it was stored (ISO-8601 UTC). */
export interface ArchivedItem {
  data: string;
  createdAt: string;
  /**
   * A compaction made the runner's replay history start at this item: the
   * branch replays from here, while earlier items stay its transcript.
   */
  replayStart?: true;
  /** Part of a compaction's replacement: replayed to the model, but no turn of the transcript. */
  replayOnly?: true;
}

/** A branch with its whole history as it reads it (inherited items included), oldest first. */
export interface ArchivedBranch {
  branchId: string;
  /** The branch it was created from (`null` for `main`). */
  parentBranchId: string | null;
  /** The turn it was created to ask differently (`null` for `main` and whole-history forks). */
  fromTurn: number | null;
  createdAt: string;
  items: ArchivedItem[];
}

/** One stored usage row: a run's tokens for one model, charged to a branch's turn. */
export interface ArchivedUsage extends TokenCounts {
  branchId: string;
  turn: number;
  runId: string;
  model: string | null;
  /** JSON object text as stored: every input token detail summed by key. */
  inputTokensDetails: string;
  /** JSON object text as stored: every output token detail summed by key. */
  outputTokensDetails: string;
  createdAt: string;
}

/** Everything one session holds, independent of how the tables store it. */
export interface SessionArchive {
  sessionId: string;
  createdAt: string;
  updatedAt: string;
  /** `null` when none was set. */
  metadata: JsonObject | null;
  /** `main` first (absent when the session never held an item), then the others in creation order. */
  branches: ArchivedBranch[];
  /** In the order they were stored. */
  usage: ArchivedUsage[];
}

/**
 * What `writeSessionArchive` takes: a `SessionArchive` in which a branch's or
 * a usage row's `createdAt` may be left out; it is then the time of writing.
 */
export interface SessionArchiveInput extends Omit<SessionArchive, 'branches' | 'usage'> {
  branches: (Omit<ArchivedBranch, 'createdAt'> & { createdAt?: string | undefined })[];
  usage: (Omit<ArchivedUsage, 'createdAt'> & { createdAt?: string | undefined })[];
}

export interface WriteSessionArchiveOptions {
  /** Delete a session of the same id first, instead of failing with `CONFLICT`. */
  replace?: boolean | undefined;
}
