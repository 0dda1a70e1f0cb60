import { itemKind, parseStoredItem, toolName, turnNumbers, type SessionItem } from '@sessions/core';
import { acrossSegments, collectGarbage, latestRows, newestOf } from './lanes.js';
import { searchTextOf } from './search-text.js';
import { branchSegments, ensureHeadLane, headLane, inWriteTransaction, laneSegments, type SessionContext } from './session-context.js';

/** The current branch's newest `limit` items (all when `undefined`), oldest first. */
export function readBranchItems(ctx: SessionContext, limit: number | undefined): SessionItem[] {
  const s = ctx.statements;
  const segments = branchSegments(ctx, ctx.branchId);
  const texts =
    limit === undefined
      ? acrossSegments(segments, (seg) => s.allDataInLane.all(seg.laneId, seg.bound))
      : latestRows(segments, limit, (seg, n) => s.latestDataInLane.all(seg.laneId, seg.bound, n));
  try {
    const items: SessionItem[] = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) items[i] = parseStoredItem(ctx.handle, texts[i]!, i);
    return items;
  } catch {
    // A corrupt row: read again with row ids, so the error names the stored row.
    const rows =
      limit === undefined
        ? acrossSegments(segments, (seg) => s.allInLane.all(seg.laneId, seg.bound))
        : latestRows(segments, limit, (seg, n) => s.latestInLane.all(seg.laneId, seg.bound, n));
    return rows.map((row) => parseStoredItem(ctx.handle, row.data, row.id));
  }
}

/**
 * Appends validated rows (`items` are the same items, unparsed) to the
 * current branch with their structure (turn, kind, tool, search text), in one
 * transaction.
 */
export function appendItems(ctx: SessionContext, rows: string[], items: readonly unknown[]): void {
  const s = ctx.statements;
  const root = ctx.sessionId;
  const kinds = items.map(itemKind);
  const tools = items.map((item) => toolName(item) ?? null);
  const texts = items.map(searchTextOf);
  inWriteTransaction(ctx, () => {
    const lane = ensureHeadLane(ctx, ctx.branchId);
    const lastTurn = newestOf(s, laneSegments(ctx, lane))?.turn ?? 0;
    const turns = turnNumbers(items, lastTurn);
    s.touchSession.run(root);
    rows.forEach((row, i) => {
      const id = s.insertMessage.run(root, row).lastInsertRowid;
      s.insertStructure.run(id, lane, turns[i]!, kinds[i]!, tools[i]!, texts[i]!);
    });
  });
}

/** Removes and returns the current branch's newest item; a row another branch inherits stays for that branch. */
export function removeNewestItem(ctx: SessionContext): SessionItem | undefined {
  const s = ctx.statements;
  const root = ctx.sessionId;
  return inWriteTransaction(ctx, () => {
    const lane = headLane(ctx, ctx.branchId);
    if (lane === undefined) return undefined;
    const segments = laneSegments(ctx, lane);
    const newest = newestOf(s, segments);
    if (!newest) return undefined;
    const row = s.messageById.get(newest.id)!;
    const item = parseStoredItem(ctx.handle, row.data, row.id);
    if (newest.laneId === lane && s.laneSharedFrom.get(lane, newest.id) === undefined) {
      s.deleteMessage.run(newest.id);
    } else {
      // Another branch inherits the item, or it is inherited: continue on a new lane that stops short of it.
      // Lanes never change once made (so their chains can be cached); an own lane that is empty and
      // inherited by nobody is skipped over and collected.
      const skipOwn = newest.laneId !== lane && s.laneHasChildren.get(lane) === undefined;
      const parent = skipOwn ? (s.laneParent.get(lane) ?? null) : lane;
      const next = Number(s.insertLane.run(root, parent, newest.id - 1).lastInsertRowid);
      s.setBranchLane.run(next, root, ctx.branchId);
      collectGarbage(s, lane);
    }
    s.touchSession.run(root);
    return item;
  });
}

/** Empties the current branch and deletes its usage; other branches keep what they inherit. */
export function clearBranch(ctx: SessionContext): void {
  const s = ctx.statements;
  const root = ctx.sessionId;
  inWriteTransaction(ctx, () => {
    const lane = headLane(ctx, ctx.branchId);
    if (lane === undefined) return;
    // A new empty lane; the old one keeps only what other branches still inherit.
    const next = Number(s.insertLane.run(root, null, null).lastInsertRowid);
    s.setBranchLane.run(next, root, ctx.branchId);
    collectGarbage(s, lane);
    s.deleteBranchUsage.run(root, ctx.branchId);
  });
}
