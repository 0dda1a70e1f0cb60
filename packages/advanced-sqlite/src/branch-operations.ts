import { randomBytes } from 'node:crypto';
import { checkSessionId, SessionError } from '@sessions/core';
import { collectGarbage, newestOf, type Segment } from './lanes.js';
import { branchSegments, chosenBranch, ensureHeadLane, inWriteTransaction, laneSegments, unknownBranch, type SessionContext } from './session-context.js';
import { MAIN_BRANCH, type BranchInfo } from './types.js';

function branchSuffix(): string {
  return `${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
}

/** The number of the latest user turn on the current branch (0 when it has no user message). */
export function currentTurn(ctx: SessionContext): number {
  return newestOf(ctx.statements, branchSegments(ctx, ctx.branchId))?.turn ?? 0;
}

/**
 * Creates a branch of the current branch holding turns 1..turn-1 (or the
 * whole history when `turn` is the next turn) and returns its id.
 */
export function createBranchFromTurn(ctx: SessionContext, turn: number, name: string | undefined): string {
  if (typeof turn !== 'number' || !Number.isInteger(turn) || turn < 0) {
    throw new SessionError('INVALID_ARGUMENT', `turn must be a positive integer, got ${String(turn)}`, { sessionId: ctx.handle });
  }
  if (turn === 0) {
    throw new SessionError('INVALID_ARGUMENT', 'turn 0 holds the items before the first user message and cannot be branched from; turns start at 1', {
      sessionId: ctx.handle,
    });
  }
  return forkBranch(ctx, name, turn, `branch_from_turn_${turn}_`, (segments) => {
    for (const segment of segments) {
      const opener = ctx.statements.turnOpener.get(segment.laneId, segment.bound, turn);
      if (opener !== undefined) return opener - 1;
    }
    const current = newestOf(ctx.statements, segments);
    if ((current?.turn ?? 0) + 1 === turn) return current?.id ?? 0;
    throw new SessionError(
      'NOT_FOUND',
      `turn ${turn} does not exist on branch ${JSON.stringify(ctx.branchId)} (it has ${current?.turn ?? 0} turns; pass ${(current?.turn ?? 0) + 1} to branch after the last one)`,
      { sessionId: ctx.handle },
    );
  });
}

/** Creates a branch of the current branch holding its whole history and returns its id. */
export function createBranch(ctx: SessionContext, name: string | undefined): string {
  return forkBranch(ctx, name, null, 'branch_', (segments) => newestOf(ctx.statements, segments)?.id ?? 0);
}

/** One lane row and one branch row continuing the current branch up to the message id `boundOf` picks; nothing is copied. */
function forkBranch(
  ctx: SessionContext,
  name: string | undefined,
  fromTurn: number | null,
  prefix: string,
  boundOf: (segments: Segment[]) => number,
): string {
  const s = ctx.statements;
  const root = ctx.sessionId;
  if (name !== undefined) {
    try {
      checkSessionId(name);
    } catch (error) {
      throw new SessionError('INVALID_ARGUMENT', `branch name: ${(error as Error).message}`, { sessionId: ctx.handle });
    }
    if (name === MAIN_BRANCH) throw new SessionError('CONFLICT', 'the name "main" is taken by every session\'s first branch', { sessionId: ctx.handle });
  }
  return inWriteTransaction(ctx, () => {
    const lane = ensureHeadLane(ctx, ctx.branchId);
    const bound = boundOf(laneSegments(ctx, lane));
    let id = name;
    if (id === undefined) {
      do id = `${prefix}${branchSuffix()}`;
      while (s.branchOwner.get(id) !== undefined || s.sessionExists.get(id) !== undefined);
    } else if (s.branchOwner.get(id) !== undefined || s.sessionExists.get(id) !== undefined) {
      throw new SessionError('CONFLICT', `the name ${JSON.stringify(id)} is already used by a branch or a session in this database`, {
        sessionId: ctx.handle,
      });
    }
    const branchLane = Number(s.insertLane.run(root, lane, bound).lastInsertRowid);
    s.insertBranch.run(root, id, branchLane, ctx.branchId, fromTurn);
    return id;
  });
}

/**
 * Deletes a branch and its usage and returns its id. Never `main`; the
 * current branch only with `force` (the caller then moves to `main`).
 * Branches created from it keep their history.
 */
export function deleteBranch(ctx: SessionContext, branchId: string, options: { force?: boolean } | undefined): string {
  const id = chosenBranch(ctx, { branchId });
  if (id === MAIN_BRANCH) throw new SessionError('INVALID_ARGUMENT', 'the main branch cannot be deleted', { sessionId: ctx.handle });
  const s = ctx.statements;
  const root = ctx.sessionId;
  if (id === ctx.branchId && options?.force !== true) {
    throw new SessionError('CONFLICT', `branch ${JSON.stringify(id)} is the current branch; pass { force: true } to delete it and move to main`, {
      sessionId: ctx.handle,
    });
  }
  inWriteTransaction(ctx, () => {
    const row = s.branch.get(root, id);
    if (!row) throw unknownBranch(ctx, id);
    s.deleteBranch.run(root, id);
    s.deleteBranchUsage.run(root, id);
    collectGarbage(s, row.laneId);
  });
  return id;
}

/** Every branch of the session, `main` first (listed even before its first write). */
export function listBranches(ctx: SessionContext): BranchInfo[] {
  const s = ctx.statements;
  const rows = s.branches.all(ctx.sessionId);
  if (!rows.some((row) => row.branchId === MAIN_BRANCH)) {
    rows.unshift({ branchId: MAIN_BRANCH, laneId: -1, parentBranchId: null, fromTurn: null, createdAt: new Date().toISOString() });
  }
  return rows.map((row) => {
    const segments = row.laneId === -1 ? [] : laneSegments(ctx, row.laneId);
    let messageCount = 0;
    for (const seg of segments) messageCount += s.countInLane.get(seg.laneId, seg.bound) ?? 0;
    return {
      branchId: row.branchId,
      messageCount,
      userTurns: newestOf(s, segments)?.turn ?? 0,
      isCurrent: row.branchId === ctx.branchId,
      createdAt: row.createdAt,
      parentBranchId: row.parentBranchId,
      fromTurn: row.fromTurn,
    };
  });
}
