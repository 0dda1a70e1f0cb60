import { randomBytes } from 'node:crypto';
import { SessionError } from '../errors.js';
import { checkSessionId } from '../session-id.js';
import { branchSegments, chosenBranch, db, ensureHeadLane, laneSegments, unknownBranch, type AdvancedPlan, type BranchContext } from './context.js';
import type { Segment } from './driver.js';
import { collectGarbage } from './lanes.js';
import { MAIN_BRANCH, type BranchInfo } from './types.js';

function branchSuffix(): string {
  return `${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
}

/** The number of the latest user turn on the branch (0 when it has no user message). */
export function* currentTurn(ctx: BranchContext): AdvancedPlan<number> {
  const segments = yield* branchSegments(ctx, ctx.branchId);
  if (segments.length === 0) return 0;
  return (yield* db.newest(ctx.sessionId, segments))?.turn ?? 0;
}

/** Checks a turn number for `createBranchFromTurn` before anything is read. */
export function checkBranchTurn(ctx: BranchContext, turn: unknown): number {
  if (typeof turn !== 'number' || !Number.isInteger(turn) || turn < 0) {
    throw new SessionError('INVALID_ARGUMENT', `turn must be a positive integer, got ${String(turn)}`, { sessionId: ctx.handle });
  }
  if (turn === 0) {
    throw new SessionError('INVALID_ARGUMENT', 'turn 0 holds the items before the first user message and cannot be branched from; turns start at 1', {
      sessionId: ctx.handle,
    });
  }
  return turn;
}

/** Checks a branch name a caller chose, before anything is written. */
export function checkBranchName(ctx: BranchContext, name: string | undefined): void {
  if (name === undefined) return;
  try {
    checkSessionId(name);
  } catch (error) {
    throw new SessionError('INVALID_ARGUMENT', `branch name: ${(error as Error).message}`, { sessionId: ctx.handle });
  }
  if (name === MAIN_BRANCH) throw new SessionError('CONFLICT', 'the name "main" is taken by every session\'s first branch', { sessionId: ctx.handle });
}

/**
 * Creates a branch of the current branch holding turns 1..turn-1 (or the
 * whole history when `turn` is the next turn) and returns its id. Run as one
 * write transaction, after `checkBranchTurn` and `checkBranchName`.
 */
export function createBranchFromTurn(ctx: BranchContext, turn: number, name: string | undefined): AdvancedPlan<string> {
  return forkBranch(ctx, name, turn, `branch_from_turn_${turn}_`, function* (segments) {
    const opener = yield* db.turnOpener(ctx.sessionId, segments, turn);
    if (opener !== undefined) return opener.id - 1;
    const current = segments.length === 0 ? undefined : yield* db.newest(ctx.sessionId, segments);
    if ((current?.turn ?? 0) + 1 === turn) return current?.id ?? 0;
    throw new SessionError(
      'NOT_FOUND',
      `turn ${turn} does not exist on branch ${JSON.stringify(ctx.branchId)} (it has ${current?.turn ?? 0} turns; pass ${(current?.turn ?? 0) + 1} to branch after the last one)`,
      { sessionId: ctx.handle },
    );
  });
}

/** Creates a branch of the current branch holding its whole history and returns its id. Run as one write transaction. */
export function createBranch(ctx: BranchContext, name: string | undefined): AdvancedPlan<string> {
  return forkBranch(ctx, name, null, 'branch_', function* (segments) {
    if (segments.length === 0) return 0;
    return (yield* db.newest(ctx.sessionId, segments))?.id ?? 0;
  });
}

/**
 * The lane a fork at message id `bound` continues: the head lane, unless the
 * fork lies before a compaction (a lane that starts the replay history and
 * holds nothing at or below `bound`); it then continues the lane below, so the
 * new branch replays its transcript up to `bound`, not the compaction.
 */
function forkParent(segments: readonly Segment[], lane: number, bound: number): number {
  let i = 0;
  // segments[i + 1].bound >= bound: lane i's own messages (ids above its parent bound) all lie above `bound`.
  while (i + 1 < segments.length && segments[i + 1]!.bound >= bound) i++;
  return segments.slice(0, i).some((segment) => segment.replayStart) ? segments[i]!.laneId : lane;
}

/** Whether `id` is taken by a branch or a session of the store. */
function* nameTaken(id: string): AdvancedPlan<boolean> {
  return (yield* db.sessionOfBranch(id)) !== undefined || (yield* db.sessionExists(id));
}

/** One lane row and one branch row continuing the current branch up to the message id `boundOf` picks; nothing is copied. */
function* forkBranch(
  ctx: BranchContext,
  name: string | undefined,
  fromTurn: number | null,
  prefix: string,
  boundOf: (segments: Segment[]) => AdvancedPlan<number>,
): AdvancedPlan<string> {
  const root = ctx.sessionId;
  yield* db.lockSession(root);
  const lane = yield* ensureHeadLane(ctx, ctx.branchId);
  const segments = yield* laneSegments(ctx, lane);
  const bound = yield* boundOf(segments);
  let id = name;
  if (id === undefined) {
    do id = `${prefix}${branchSuffix()}`;
    while (yield* nameTaken(id));
  } else if (yield* nameTaken(id)) {
    throw new SessionError('CONFLICT', `the name ${JSON.stringify(id)} is already used by a branch or a session in this database`, {
      sessionId: ctx.handle,
    });
  }
  const branchLane = yield* db.insertLane(root, forkParent(segments, lane, bound), bound);
  yield* db.insertBranch(root, id, branchLane, ctx.branchId, fromTurn);
  return id;
}

/** Checks a `deleteBranch` call before anything is read; the id to delete. */
export function checkBranchDeletion(ctx: BranchContext, branchId: string, options: { force?: boolean } | undefined): string {
  const id = chosenBranch(ctx, { branchId });
  if (id === MAIN_BRANCH) throw new SessionError('INVALID_ARGUMENT', 'the main branch cannot be deleted', { sessionId: ctx.handle });
  if (id === ctx.branchId && options?.force !== true) {
    throw new SessionError('CONFLICT', `branch ${JSON.stringify(id)} is the current branch; pass { force: true } to delete it and move to main`, {
      sessionId: ctx.handle,
    });
  }
  return id;
}

/**
 * Deletes a branch (checked by `checkBranchDeletion`) and its usage.
 * Branches created from it keep their history. Run as one write transaction.
 */
export function* deleteBranch(ctx: BranchContext, id: string): AdvancedPlan<void> {
  const root = ctx.sessionId;
  yield* db.lockSession(root);
  const row = yield* db.branch(root, id);
  if (!row) throw unknownBranch(ctx, id);
  yield* db.deleteBranch(root, id);
  yield* db.deleteBranchUsage(root, id);
  yield* collectGarbage(root, row.laneId);
}

/** Every branch of the session, `main` first (listed even before its first write). */
export function* listBranches(ctx: BranchContext): AdvancedPlan<BranchInfo[]> {
  const rows = yield* db.branches(ctx.sessionId);
  if (!rows.some((row) => row.branchId === MAIN_BRANCH)) {
    rows.unshift({ branchId: MAIN_BRANCH, laneId: -1, parentBranchId: null, fromTurn: null, createdAt: new Date().toISOString() });
  }
  const branches: BranchInfo[] = [];
  for (const row of rows) {
    const segments = row.laneId === -1 ? [] : yield* laneSegments(ctx, row.laneId);
    const messageCount = segments.length === 0 ? 0 : yield* db.countMessages(ctx.sessionId, segments);
    const newest = segments.length === 0 ? undefined : yield* db.newest(ctx.sessionId, segments);
    branches.push({
      branchId: row.branchId,
      messageCount,
      userTurns: newest?.turn ?? 0,
      isCurrent: row.branchId === ctx.branchId,
      createdAt: row.createdAt,
      parentBranchId: row.parentBranchId,
      fromTurn: row.fromTurn,
    });
  }
  // main first, whatever order the store returned.
  return [...branches.filter((b) => b.branchId === MAIN_BRANCH), ...branches.filter((b) => b.branchId !== MAIN_BRANCH)];
}
