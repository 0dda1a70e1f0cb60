import type { SessionItem } from '../items.js';
import { itemKind, toolName, turnNumbers } from '../turns.js';
import { branchSegments, db, ensureHeadLane, headLane, itemOf, laneSegments, replaySegments, type AdvancedPlan, type BranchContext } from './context.js';
import type { NewMessage } from './driver.js';
import { collectGarbage } from './lanes.js';
import { searchTextOf } from './search-text.js';

/** The branch's newest `limit` items (all when `undefined`), oldest first. */
export function* readBranchItems(ctx: BranchContext, limit: number | undefined): AdvancedPlan<SessionItem[]> {
  const lane = yield* headLane(ctx, ctx.branchId);
  if (lane === undefined) return [];
  const segments = yield* replaySegments(ctx, lane);
  const texts = yield* db.itemTexts(ctx.sessionId, segments, limit);
  try {
    const items: SessionItem[] = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) items[i] = itemOf(ctx, texts[i]!, i);
    return items;
  } catch {
    // A corrupt row: read again with row ids, so the error names the stored row.
    const rows = yield* db.itemRows(ctx.sessionId, segments, limit);
    return rows.map((row) => itemOf(ctx, row.data, row.id));
  }
}

/**
 * The structure of each item of a batch, computed before the write. Encrypted
 * rows (`encrypted`) get no search text: it would hold the items' words in clear.
 */
export function messagesOf(rows: readonly string[], items: readonly unknown[], encrypted = false): Omit<NewMessage, 'turn'>[] {
  return items.map((item, i) => ({ data: rows[i]!, kind: itemKind(item), toolName: toolName(item) ?? null, searchText: encrypted ? '' : searchTextOf(item) }));
}

/**
 * Appends validated rows (`items` are the same items, parsed) to the
 * branch with their structure (turn, kind, tool, search text). Run as one
 * write transaction.
 */
export function* appendItems(ctx: BranchContext, rows: readonly string[], items: readonly unknown[]): AdvancedPlan<void> {
  const messages = messagesOf(rows, items, ctx.rows?.encrypts === true);
  yield* db.touchSession(ctx.sessionId, ctx.owner ?? null, ctx.expiresAt ?? null);
  const lane = yield* ensureHeadLane(ctx, ctx.branchId);
  const lastTurn = (yield* db.newest(ctx.sessionId, yield* laneSegments(ctx, lane)))?.turn ?? 0;
  const turns = turnNumbers(items, lastTurn);
  yield* db.insertMessages(
    ctx.sessionId,
    lane,
    messages.map((message, i) => ({ ...message, turn: turns[i]! })),
  );
}

/** Removes and returns the branch's newest item; a row another branch inherits stays for that branch. Run as one write transaction. */
export function* removeNewestItem(ctx: BranchContext): AdvancedPlan<SessionItem | undefined> {
  const root = ctx.sessionId;
  yield* db.lockSession(root);
  const lane = yield* headLane(ctx, ctx.branchId);
  if (lane === undefined) return undefined;
  const newest = yield* db.newest(root, yield* replaySegments(ctx, lane));
  if (!newest) return undefined;
  const row = (yield* db.messageById(root, newest.id))!;
  const item = itemOf(ctx, row.data, row.id);
  if (newest.laneId === lane && !(yield* db.laneInherited(root, lane, newest.id))) {
    yield* db.deleteMessage(root, newest.id);
  } else {
    // Another branch inherits the item, or it is inherited: continue on a new lane that stops short of it.
    // Lanes never change once made (so their chains can be cached); an own lane that is empty and
    // inherited by nobody is skipped over and collected.
    const skipOwn = newest.laneId !== lane && !(yield* db.laneHasChildren(root, lane));
    const parent = skipOwn ? yield* db.laneParent(root, lane) : lane;
    const next = yield* db.insertLane(root, parent, newest.id - 1);
    yield* db.setBranchLane(root, ctx.branchId, next);
    yield* collectGarbage(root, lane);
  }
  yield* db.touchSession(root, ctx.owner ?? null, ctx.expiresAt ?? null);
  return item;
}

/**
 * Empties the branch and deletes its usage; other branches keep what they
 * inherit. The session's history operation ids (kept per session, not per
 * branch) are forgotten, as clearing forgets them in the SDK's own session.
 * Run as one write transaction.
 */
export function* clearBranch(ctx: BranchContext): AdvancedPlan<void> {
  const root = ctx.sessionId;
  yield* db.lockSession(root);
  yield* db.deleteOperations(root);
  const lane = yield* headLane(ctx, ctx.branchId);
  if (lane === undefined) return;
  // A new empty lane; the old one keeps only what other branches still inherit.
  const next = yield* db.insertLane(root, null, null);
  yield* db.setBranchLane(root, ctx.branchId, next);
  yield* collectGarbage(root, lane);
  yield* db.deleteBranchUsage(root, ctx.branchId);
}
