import { isEncryptedText } from '../encryption/envelope.js';
import type { RowCipher } from '../encryption/session-cipher.js';
import { SessionError } from '../errors.js';
import { parseStoredItem, type SessionItem } from '../items.js';
import type { AdvancedDriver, Segment } from './driver.js';
import { replayPart, segmentsOf, type ChainCache } from './lanes.js';
import { steps, type Plan } from './plan.js';
import { MAIN_BRANCH, type BranchOption } from './types.js';

export const db = steps<AdvancedDriver>();

export type AdvancedPlan<T> = Plan<T, AdvancedDriver>;

/**
 * Which session and branch an operation works on, as of the call: the
 * conversation (`sessionId`), the branch it reads and writes, the id errors
 * name, and the chain cache (absent where a store must not remember chains).
 */
export interface BranchContext {
  readonly sessionId: string;
  readonly branchId: string;
  /** The session id on `main`, the branch id elsewhere. */
  readonly handle: string;
  readonly chains?: ChainCache | undefined;
  /** The owner a session created by this operation gets. */
  readonly owner?: string | null | undefined;
  /** Encryption at rest: seals and opens the session's rows and metadata (clear text passes through). */
  readonly rows?: RowCipher | undefined;
  /** The expiry (ISO-8601 UTC) a session created by this operation gets. */
  readonly expiresAt?: string | null | undefined;
}

/** A stored item row, decrypted when it is encrypted. */
export function itemOf(ctx: BranchContext, text: string, rowId: number | string): SessionItem {
  return parseStoredItem(ctx.handle, ctx.rows ? ctx.rows.open(text, rowId) : text, rowId);
}

/** Stored text other than an item (metadata), decrypted when it is encrypted; never an envelope taken for clear text. */
export function clearTextOf(ctx: BranchContext, text: string, what: string): string {
  const clear = ctx.rows ? ctx.rows.open(text, what) : text;
  if (isEncryptedText(clear)) {
    throw new SessionError('ENCRYPTION_KEY', `the ${what} is encrypted; open the session with its encryption keys to read it`, { sessionId: ctx.handle });
  }
  return clear;
}

/** The context of another branch of the same session. */
export function onBranch(ctx: BranchContext, branchId: string): BranchContext {
  return { ...ctx, branchId, handle: branchId === MAIN_BRANCH ? ctx.sessionId : branchId };
}

export function unknownBranch(ctx: BranchContext, branchId: string): SessionError {
  return new SessionError('NOT_FOUND', `branch ${JSON.stringify(branchId)} does not exist in session ${JSON.stringify(ctx.sessionId)}`, {
    sessionId: ctx.handle,
  });
}

/** The lane a branch writes to; `main` reads as empty before its first write, other unknown branches are an error. */
export function* headLane(ctx: BranchContext, branchId: string): AdvancedPlan<number | undefined> {
  const row = yield* db.branch(ctx.sessionId, branchId);
  if (row !== undefined) return row.laneId;
  if (branchId === MAIN_BRANCH) return undefined;
  throw unknownBranch(ctx, branchId);
}

export function laneSegments(ctx: BranchContext, lane: number): AdvancedPlan<Segment[]> {
  return segmentsOf(ctx.sessionId, lane, ctx.chains);
}

/** The segments of the history the runner replays from lane `lane`: its transcript up to the newest compaction. */
export function* replaySegments(ctx: BranchContext, lane: number): AdvancedPlan<Segment[]> {
  return replayPart(yield* laneSegments(ctx, lane));
}

/** The segments a branch reads, newest first (none for a `main` never written to). */
export function* branchSegments(ctx: BranchContext, branchId: string): AdvancedPlan<Segment[]> {
  const lane = yield* headLane(ctx, branchId);
  return lane === undefined ? [] : yield* laneSegments(ctx, lane);
}

/** The head lane of a branch, creating the session row and `main` on first write. Inside a write plan. */
export function* ensureHeadLane(ctx: BranchContext, branchId: string): AdvancedPlan<number> {
  const existing = yield* db.branch(ctx.sessionId, branchId);
  if (existing) return existing.laneId;
  if (branchId !== MAIN_BRANCH) throw unknownBranch(ctx, branchId);
  yield* db.touchSession(ctx.sessionId, ctx.owner ?? null, ctx.expiresAt ?? null);
  const lane = yield* db.insertLane(ctx.sessionId, null, null);
  yield* db.insertBranch(ctx.sessionId, MAIN_BRANCH, lane, null, null);
  return lane;
}

/** The branch a `{ branchId }` option names, the current one when omitted. */
export function chosenBranch(ctx: BranchContext, options: BranchOption | undefined): string {
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
export function* existingBranch(ctx: BranchContext, branchId: string): AdvancedPlan<string> {
  if (branchId !== MAIN_BRANCH && (yield* db.branch(ctx.sessionId, branchId)) === undefined) throw unknownBranch(ctx, branchId);
  return branchId;
}
