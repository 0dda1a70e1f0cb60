import { SessionError } from '@sessions/core';
import type { SqliteDatabase } from '@sessions/sqlite';
import type { ConnectionState } from './connection-state.js';
import { segmentsOf, type Segment } from './lanes.js';
import { MAIN_BRANCH, type BranchOption } from './types.js';

/**
 * What the operation modules work with: the connection, its prepared
 * statements and chain cache, and which session and branch an
 * `AdvancedSQLiteSession` is on at the time of the call. Operations that move
 * the object to another branch return the new branch; the session applies it.
 */
export interface SessionContext extends ConnectionState {
  readonly db: SqliteDatabase;
  /** The conversation: its row of `agent_sessions`. */
  readonly sessionId: string;
  /** The branch the object reads and writes. */
  readonly branchId: string;
  /** The id errors name: the session id on `main`, the branch id elsewhere. */
  readonly handle: string;
}

/** The context of another branch of the same session (e.g. while restoring an archive). */
export function onBranch(ctx: SessionContext, branchId: string): SessionContext {
  return { ...ctx, branchId, handle: branchId === MAIN_BRANCH ? ctx.sessionId : branchId };
}

export function unknownBranch(ctx: SessionContext, branchId: string): SessionError {
  return new SessionError('NOT_FOUND', `branch ${JSON.stringify(branchId)} does not exist in session ${JSON.stringify(ctx.sessionId)}`, {
    sessionId: ctx.handle,
  });
}

/** The lane a branch writes to; `main` reads as empty before its first write, other unknown branches are an error. */
export function headLane(ctx: SessionContext, branchId: string): number | undefined {
  const lane = ctx.statements.headLane.get(ctx.sessionId, branchId);
  if (lane !== undefined) return lane;
  if (branchId === MAIN_BRANCH) return undefined;
  throw unknownBranch(ctx, branchId);
}

export function laneSegments(ctx: SessionContext, lane: number): Segment[] {
  return segmentsOf(ctx.statements, lane, ctx.chains, !ctx.db.inTransaction);
}

/** The segments a branch reads, newest first (none for a `main` never written to). */
export function branchSegments(ctx: SessionContext, branchId: string): Segment[] {
  const lane = headLane(ctx, branchId);
  return lane === undefined ? [] : laneSegments(ctx, lane);
}

/** The head lane of a branch, creating the session row and `main` on first write. Call inside a write transaction. */
export function ensureHeadLane(ctx: SessionContext, branchId: string): number {
  const s = ctx.statements;
  const existing = s.branch.get(ctx.sessionId, branchId);
  if (existing) return existing.laneId;
  if (branchId !== MAIN_BRANCH) throw unknownBranch(ctx, branchId);
  s.touchSession.run(ctx.sessionId);
  const lane = Number(s.insertLane.run(ctx.sessionId, null, null).lastInsertRowid);
  s.insertBranch.run(ctx.sessionId, MAIN_BRANCH, lane, null, null);
  return lane;
}

/** Runs `step` in one IMMEDIATE transaction (a savepoint inside an open one). */
export function inWriteTransaction<T>(ctx: SessionContext, step: () => T): T {
  return ctx.db.transaction(step).immediate();
}

/** The branch a `{ branchId }` option names, the current one when omitted. */
export function chosenBranch(ctx: SessionContext, options: BranchOption | undefined): string {
  if (options === undefined || options === null) return ctx.branchId;
  if (typeof options !== 'object') throw new SessionError('INVALID_ARGUMENT', 'options must be an object', { sessionId: ctx.handle });
  const { branchId } = options;
  if (branchId === undefined) return ctx.branchId;
  if (typeof branchId !== 'string' || branchId.length === 0) {
    throw new SessionError('INVALID_ARGUMENT', 'branchId must be a non-empty string', { sessionId: ctx.handle });
  }
  return branchId;
}

/** `branchId` itself when it is `main` or a branch of this session; `NOT_FOUND` otherwise. */
export function existingBranch(ctx: SessionContext, branchId: string): string {
  if (branchId !== MAIN_BRANCH && ctx.statements.headLane.get(ctx.sessionId, branchId) === undefined) throw unknownBranch(ctx, branchId);
  return branchId;
}
