import type { AdvancedStatements, NewestRow } from './statements.js';

/** No upper bound: every message of the branch's own lane. */
export const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/**
 * Segments per head lane id. A committed lane never changes and its id is
 * never reused (AUTOINCREMENT), so entries for committed lanes stay valid. A
 * lane made inside a transaction can vanish with a rollback and its id come
 * back for another lane: chains are remembered only when read outside one.
 */
export type ChainCache = Map<number, Segment[]>;
const MAX_CACHED_CHAINS = 10_000;

/** One piece of a branch's history: the messages of `laneId` with id <= `bound`. */
export interface Segment {
  laneId: number;
  bound: number;
}

/**
 * The segments a branch's history is made of, newest first: its own lane,
 * then each ancestor lane cut at the smallest bound on the way. Its length is
 * the number of forks above the branch, never the number of messages.
 */
export function segmentsOf(statements: AdvancedStatements, headLaneId: number, cache?: ChainCache, remember = true): Segment[] {
  const cached = cache?.get(headLaneId);
  if (cached) return cached;
  const segments: Segment[] = [];
  let bound = UNBOUNDED;
  // One row per lane up the chain; sorted here rather than by a temp b-tree in SQL.
  for (const row of statements.chain.all(headLaneId).sort((a, b) => a.depth - b.depth)) {
    segments.push({ laneId: row.laneId, bound });
    if (row.parentBound !== null) bound = Math.min(bound, row.parentBound);
  }
  if (cache && remember && segments.length > 0) {
    if (cache.size >= MAX_CACHED_CHAINS) cache.clear();
    cache.set(headLaneId, segments);
  }
  return segments;
}

/** The newest message of the history (its id, lane and turn), or undefined when empty. */
export function newestOf(statements: AdvancedStatements, segments: Segment[]): (NewestRow & { laneId: number }) | undefined {
  for (const segment of segments) {
    const row = statements.newestInLane.get(segment.laneId, segment.bound);
    if (row) return { ...row, laneId: segment.laneId };
  }
  return undefined;
}

/**
 * The latest `limit` rows, oldest first: `read` is an index range read of
 * one segment, newest first; it runs per segment until `limit` rows are found.
 */
export function latestRows<T>(segments: Segment[], limit: number, read: (segment: Segment, remaining: number) => T[]): T[] {
  const newestFirst: T[] = [];
  for (const segment of segments) {
    const remaining = limit - newestFirst.length;
    if (remaining <= 0) break;
    for (const row of read(segment, remaining)) newestFirst.push(row);
  }
  return newestFirst.reverse();
}

/** Runs a per-lane read on every segment, oldest segment first, and concatenates the rows. */
export function acrossSegments<T>(segments: Segment[], read: (segment: Segment) => T[]): T[] {
  const rows: T[] = [];
  for (let i = segments.length - 1; i >= 0; i--) for (const row of read(segments[i]!)) rows.push(row);
  return rows;
}

/**
 * Drops what no branch can reach any more, starting at `laneId`: a lane no
 * branch writes to and no lane inherits from is deleted with its messages; a
 * lane only inherited from loses the messages above what its children inherit.
 */
export function collectGarbage(statements: AdvancedStatements, laneId: number | null): void {
  let lane = laneId;
  while (lane !== null && lane !== undefined) {
    if (statements.laneHasHead.get(lane) !== undefined) return;
    const parent = statements.laneParent.get(lane) ?? null;
    const childBound = statements.laneChildBound.get(lane) ?? null;
    if (childBound === null) {
      statements.deleteLaneMessagesAbove.run(lane, -1);
      statements.deleteLane.run(lane);
    } else {
      statements.deleteLaneMessagesAbove.run(lane, childBound);
    }
    lane = parent;
  }
}
