import type { HistorySplice, RowEdits, SpliceOutcome, StoredRow } from '../history-store.js';
import { db, headLane, replaySegments, type AdvancedPlan, type BranchContext } from './context.js';
import type { NewMessage, Segment, StructureRow } from './driver.js';
import { appendItems, messagesOf } from './history.js';
import { collectGarbage, UNBOUNDED } from './lanes.js';
import { compactBranch, REPLAY_KIND, replayMessage } from './compaction.js';

/**
 * The runner's history capabilities on a branch: the two storage steps of
 * `HistorySessionBase` as plans. They change the current branch only: rows
 * another branch inherits stay for it, and the branch continues on a new
 * lane instead (lanes never change once made).
 */

/** Whether message `id` (of the branch read through `segments`) lies on the head lane and no other lane inherits it or anything after it. */
function* ownedFrom(ctx: BranchContext, lane: number, segments: Segment[], id: number): AdvancedPlan<boolean> {
  // The head lane's own messages have ids above the bound of the segment after it.
  const below = segments[1]?.bound ?? -1;
  if (segments[0]?.laneId !== lane || id <= below) return false;
  return !(yield* db.laneInherited(ctx.sessionId, lane, id));
}

/** Moves the branch onto a new lane holding its history before message `id`; the old lane keeps only what others inherit. */
function* continueBefore(ctx: BranchContext, lane: number, id: number): AdvancedPlan<number> {
  const next = yield* db.insertLane(ctx.sessionId, lane, id - 1);
  yield* db.setBranchLane(ctx.sessionId, ctx.branchId, next);
  yield* collectGarbage(ctx.sessionId, lane);
  return next;
}

/** Thrown by `spliceBranch` when the operation id is already recorded: the transaction rolls back, nothing changes. */
export class OperationRecorded extends Error {
  constructor(readonly recordedFingerprint: string) {
    super('operation already recorded');
  }
}

/**
 * Applies a splice to the current branch (see `HistorySplice`); throws
 * `OperationRecorded` when its operation id is recorded. Run as one write transaction.
 */
export function* spliceBranch(ctx: BranchContext, splice: HistorySplice): AdvancedPlan<SpliceOutcome> {
  const root = ctx.sessionId;
  const { operation, remove } = splice;
  // Creating or touching the session row first holds its other writers back, even before its first write.
  yield* db.touchSession(root, ctx.owner ?? null, ctx.expiresAt ?? null);
  if (operation) {
    const recordedFingerprint = yield* db.operationFingerprint(root, operation.id);
    if (recordedFingerprint !== undefined) throw new OperationRecorded(recordedFingerprint);
    yield* db.recordOperation(root, operation.id, operation.fingerprint);
  }
  if (remove === 'all') {
    yield* compactBranch(ctx, splice.append);
    return { applied: true };
  }
  if (remove.newest > 0) {
    const lane = yield* headLane(ctx, ctx.branchId);
    const segments = lane === undefined ? [] : yield* replaySegments(ctx, lane);
    const removed = segments.length === 0 ? [] : yield* db.itemRows(root, segments, remove.newest);
    splice.checkRemoved?.(removed.map((row) => row.data));
    const first = removed[0];
    if (lane !== undefined && first !== undefined) {
      if (yield* ownedFrom(ctx, lane, segments, first.id)) yield* db.deleteLaneMessagesAbove(root, lane, first.id - 1);
      else yield* continueBefore(ctx, lane, first.id);
    }
  }
  if (splice.append.length > 0) {
    // The rows may arrive encrypted: their structure (turn, kind, tool) comes from the clear items.
    const items = splice.append.map((row, i) => JSON.parse(clearText(ctx, row, `#${i + 1} of the rows appended`)) as unknown);
    yield* appendItems(ctx, splice.append, items);
  }
  return { applied: true };
}

/**
 * Reads the current branch's replay history, plans and applies the edits.
 * Edits of rows only this branch holds are made in place; otherwise the
 * branch continues on a new lane holding the edited rows from the oldest
 * edited one on (with their timestamps). Run as one write transaction.
 */
export function* rewriteBranch(ctx: BranchContext, plan: (rows: StoredRow[]) => RowEdits): AdvancedPlan<void> {
  const root = ctx.sessionId;
  yield* db.lockSession(root);
  const lane = yield* headLane(ctx, ctx.branchId);
  if (lane === undefined) return;
  const segments = yield* replaySegments(ctx, lane);
  const rows = yield* db.structure(root, segments, false);
  const edits = plan(rows.map((row) => ({ id: row.id, json: row.data })));
  if (edits.replace.length === 0 && edits.remove.length === 0) return;
  const replaced = new Map(edits.replace.map((row) => [Number(row.id), row.json]));
  const removed = new Set(edits.remove.map(Number));
  const oldest = Math.min(...replaced.keys(), ...removed);
  if (yield* ownedFrom(ctx, lane, segments, oldest)) {
    for (const row of rows) {
      const json = replaced.get(row.id);
      if (json !== undefined) yield* db.updateMessage(root, row.id, editedMessage(ctx, row, json));
    }
    for (const id of removed) yield* db.deleteMessage(root, id);
  } else {
    yield* rewriteOnNewLane(ctx, lane, rows, oldest, replaced, removed);
  }
  yield* db.touchSession(root, ctx.owner ?? null, ctx.expiresAt ?? null);
}

/** A stored row's JSON text in clear (decrypted when the session encrypts). */
function clearText(ctx: BranchContext, data: string, rowId: number | string): string {
  return ctx.rows ? ctx.rows.open(data, rowId) : data;
}

/** A row's message with new JSON text: its structure again (a replay row stays one), its turn as stored. */
function editedMessage(ctx: BranchContext, row: StructureRow, json: string): NewMessage {
  if (row.kind === REPLAY_KIND) return replayMessage(json, row.turn);
  const [message] = messagesOf([json], [JSON.parse(clearText(ctx, json, row.id)) as unknown], ctx.rows?.encrypts === true);
  return { ...message!, turn: row.turn };
}

function* rewriteOnNewLane(
  ctx: BranchContext,
  lane: number,
  rows: StructureRow[],
  oldest: number,
  replaced: Map<number, string>,
  removed: Set<number>,
): AdvancedPlan<void> {
  const root = ctx.sessionId;
  const kept = rows.filter((row) => row.id >= oldest && !removed.has(row.id));
  const next = yield* continueBefore(ctx, lane, oldest);
  if (kept.length === 0) return;
  yield* db.insertMessages(
    root,
    next,
    kept.map((row) => editedMessage(ctx, row, replaced.get(row.id) ?? row.data)),
  );
  const copies = yield* db.timedRows(root, [{ laneId: next, bound: UNBOUNDED }]);
  for (let i = 0; i < copies.length; i++) {
    if (copies[i]!.createdAt !== kept[i]!.createdAt) yield* db.setItemTime(root, copies[i]!.id, kept[i]!.createdAt);
  }
}
