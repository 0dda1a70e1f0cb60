import { db, ensureHeadLane, laneSegments, type AdvancedPlan, type BranchContext } from './context.js';
import type { NewMessage } from './driver.js';
import { collectGarbage } from './lanes.js';

/**
 * Compaction keeps the transcript. The replacement items go on a new lane
 * that continues the whole branch and is marked as where the runner's replay
 * history starts: `getItems` reads from there, while turns, queries, usage,
 * archives and branching still read every earlier turn.
 *
 * The replacement items are replay rows: kind `replay`, no search text, the
 * turn number of the turn they were made in, so they open no turn, match no
 * search and count no tool call. Items appended afterwards are ordinary rows.
 */
export const REPLAY_KIND = 'replay';

/** A replay row's message. */
export function replayMessage(data: string, turn: number): NewMessage {
  return { data, turn, kind: REPLAY_KIND, toolName: null, searchText: '' };
}

/** Moves the branch onto a new lane that continues all of it and starts its replay history. Inside a write plan. */
export function* startReplay(ctx: BranchContext): AdvancedPlan<void> {
  const root = ctx.sessionId;
  const lane = yield* ensureHeadLane(ctx, ctx.branchId);
  const newest = yield* db.newest(root, yield* laneSegments(ctx, lane));
  const next = yield* db.insertLane(root, lane, newest?.id ?? 0, true);
  yield* db.setBranchLane(root, ctx.branchId, next);
  yield* collectGarbage(root, lane);
}

/** Appends replay rows (validated JSON) to the branch, in the turn they are made in. Inside a write plan. */
export function* appendReplayRows(ctx: BranchContext, rows: readonly string[]): AdvancedPlan<void> {
  const root = ctx.sessionId;
  const lane = yield* ensureHeadLane(ctx, ctx.branchId);
  const turn = (yield* db.newest(root, yield* laneSegments(ctx, lane)))?.turn ?? 0;
  yield* db.insertMessages(
    root,
    lane,
    rows.map((row) => replayMessage(row, turn)),
  );
}

/** Replaces the branch's replay history with `rows` (validated JSON), keeping its transcript. Inside a write plan. */
export function* compactBranch(ctx: BranchContext, rows: readonly string[]): AdvancedPlan<void> {
  yield* startReplay(ctx);
  if (rows.length > 0) yield* appendReplayRows(ctx, rows);
}
