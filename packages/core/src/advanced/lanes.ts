import type { AdvancedDriver, Segment } from './driver.js';
import { steps, type Plan } from './plan.js';

const db = steps<AdvancedDriver>();

/** No upper bound: every message of the branch's own lane. */
export const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/**
 * Segments per head lane id. A committed lane never changes and its id is
 * never given to another lane, so entries stay valid. Where lane ids can come
 * back after a rollback (SQLite), chains read inside a transaction are not
 * remembered.
 */
export type ChainCache = Map<number, Segment[]>;
const MAX_CACHED_CHAINS = 10_000;

/**
 * The segments a branch's history is made of, newest first: its own lane,
 * then each ancestor lane cut at the smallest bound on the way. Its length is
 * the number of forks above the branch, never the number of messages.
 */
export function* segmentsOf(sessionId: string, headLaneId: number, cache: ChainCache | undefined): Plan<Segment[], AdvancedDriver> {
  const cached = cache?.get(headLaneId);
  if (cached) return cached;
  const segments = chainSegments(yield* db.chain(sessionId, headLaneId));
  if (cache && segments.length > 0 && (yield* db.canRememberChains())) {
    if (cache.size >= MAX_CACHED_CHAINS) cache.clear();
    cache.set(headLaneId, segments);
  }
  return segments;
}

/** Turns a lane's chain rows (any order) into segments, newest first. */
export function chainSegments(
  rows: readonly { laneId: number; parentBound: number | null; depth: number; replayStart?: boolean | number | null }[],
): Segment[] {
  const segments: Segment[] = [];
  let bound = UNBOUNDED;
  for (const row of [...rows].sort((a, b) => a.depth - b.depth)) {
    segments.push(row.replayStart ? { laneId: row.laneId, bound, replayStart: true } : { laneId: row.laneId, bound });
    if (row.parentBound !== null) bound = Math.min(bound, row.parentBound);
  }
  return segments;
}

/** The segments the runner replays: up to the newest lane a compaction started (all of them when none did). */
export function replayPart(segments: Segment[]): Segment[] {
  for (let i = 0; i < segments.length; i++) if (segments[i]!.replayStart) return i + 1 === segments.length ? segments : segments.slice(0, i + 1);
  return segments;
}

/**
 * The latest `limit` rows, oldest first: `read` reads one segment newest
 * first; it runs per segment until `limit` rows are found. For drivers that
 * read segment by segment.
 */
export function latestRows<T>(segments: readonly Segment[], limit: number, read: (segment: Segment, remaining: number) => T[]): T[] {
  const newestFirst: T[] = [];
  for (const segment of segments) {
    const remaining = limit - newestFirst.length;
    if (remaining <= 0) break;
    for (const row of read(segment, remaining)) newestFirst.push(row);
  }
  return newestFirst.reverse();
}

/** Runs a per-segment read on every segment, oldest segment first, and concatenates the rows. */
export function acrossSegments<T>(segments: readonly Segment[], read: (segment: Segment) => T[]): T[] {
  const rows: T[] = [];
  for (let i = segments.length - 1; i >= 0; i--) for (const row of read(segments[i]!)) rows.push(row);
  return rows;
}

/**
 * Drops what no branch can reach any more, starting at `laneId`: a lane no
 * branch writes to and no lane inherits from is deleted with its messages; a
 * lane only inherited from loses the messages above what its children inherit.
 */
export function* collectGarbage(sessionId: string, laneId: number | null): Plan<void, AdvancedDriver> {
  let lane = laneId;
  while (lane !== null && lane !== undefined) {
    if (yield* db.laneHasHead(sessionId, lane)) return;
    const parent = yield* db.laneParent(sessionId, lane);
    const childBound = yield* db.laneChildBound(sessionId, lane);
    if (childBound === null) {
      yield* db.deleteLaneMessagesAbove(sessionId, lane, -1);
      yield* db.deleteLane(sessionId, lane);
    } else {
      yield* db.deleteLaneMessagesAbove(sessionId, lane, childBound);
    }
    lane = parent;
  }
}
