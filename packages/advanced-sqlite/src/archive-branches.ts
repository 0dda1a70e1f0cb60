import { itemKind, parseStoredItem, serializeItems, SessionError } from '@sessions/core';
import type { ArchivedItem, SessionArchiveInput } from './archive-types.js';
import { appendItems } from './branch-history.js';
import { createBranch, createBranchFromTurn } from './branch-operations.js';
import { onBranch, type SessionContext } from './session-context.js';
import { MAIN_BRANCH } from './types.js';

type BranchInput = SessionArchiveInput['branches'][number];

/** Appends archived items to the context's branch, parsed and re-serialised as `addItems` stores them; `first` numbers them in errors. */
export function appendArchivedItems(ctx: SessionContext, items: ArchivedItem[], first: number): void {
  const parsed = items.map((item, i) => parseStoredItem(ctx.sessionId, item.data, first + i));
  const rows = serializeItems(ctx.handle, parsed);
  if (rows.length > 0) appendItems(ctx, rows, parsed);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** The same item whatever its key order (stores that keep JSON as jsonb reorder keys). */
function canonical(ctx: SessionContext, items: ArchivedItem[], index: number): string {
  return JSON.stringify(sortKeys(parseStoredItem(ctx.sessionId, items[index]!.data, index)));
}

/** Parents before children, so each branch is created from a branch that already exists. */
function creationOrder(branches: BranchInput[]): BranchInput[] {
  const ids = new Set(branches.map((b) => b.branchId));
  const placed = new Set([MAIN_BRANCH]);
  const ordered: BranchInput[] = [];
  let pending = [...branches];
  while (pending.length > 0) {
    const ready = pending.filter((b) => b.parentBranchId === null || !ids.has(b.parentBranchId) || placed.has(b.parentBranchId));
    // A cycle cannot come from a real store; break it by taking the rest as children of main.
    const next = ready.length > 0 ? ready : pending;
    for (const b of next) {
      ordered.push(b);
      placed.add(b.branchId);
    }
    pending = pending.filter((b) => !placed.has(b.branchId));
  }
  return ordered;
}

/**
 * Recreates a branch so it shares its parent's history the way the store
 * shares it (nothing copied): fork at the last turn boundary the two
 * histories have in common, then append the branch's own items.
 */
function recreateBranch(main: SessionContext, branch: BranchInput, histories: Map<string, ArchivedItem[]>): void {
  const parentId = branch.parentBranchId !== null && histories.has(branch.parentBranchId) ? branch.parentBranchId : MAIN_BRANCH;
  const parent = histories.get(parentId)!;
  const onParent = onBranch(main, parentId);
  let common = 0;
  while (common < parent.length && common < branch.items.length && canonical(main, parent, common) === canonical(main, branch.items, common)) common++;
  let prefix: number;
  if (common === parent.length) {
    createBranch(onParent, branch.branchId);
    prefix = parent.length;
  } else {
    // createBranchFromTurn(n) keeps everything before turn n's user message.
    let turn = 0;
    let best: { turn: number; index: number } | undefined;
    for (let i = 0; i < parent.length && i <= common; i++) {
      if (itemKind(JSON.parse(parent[i]!.data)) === 'user') {
        turn++;
        best = { turn, index: i };
      }
    }
    if (!best) {
      throw new SessionError('STORAGE_ERROR', `branch ${JSON.stringify(branch.branchId)} shares no turn boundary with ${JSON.stringify(parentId)}; it cannot be recreated`, {
        sessionId: main.sessionId,
      });
    }
    createBranchFromTurn(onParent, best.turn, branch.branchId);
    prefix = best.index;
  }
  appendArchivedItems(onBranch(main, branch.branchId), branch.items.slice(prefix), prefix);
}

/** Writes `main`'s items, then every other branch from its parent. Call inside a write transaction. */
export function writeBranches(main: SessionContext, mainItems: ArchivedItem[], others: BranchInput[]): void {
  appendArchivedItems(main, mainItems, 0);
  const histories = new Map<string, ArchivedItem[]>([[MAIN_BRANCH, mainItems]]);
  for (const branch of creationOrder(others)) {
    recreateBranch(main, branch, histories);
    histories.set(branch.branchId, branch.items);
  }
}
