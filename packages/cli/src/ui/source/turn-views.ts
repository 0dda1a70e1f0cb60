import { viewItem } from '../../session-view.js';
import type { BranchView, TurnView, UsageView } from '../api-types.js';

export interface NumberedRow {
  turn: number;
  data: string;
  createdAt: string;
}

/**
 * Whether an item of `branch` was read from the branch it was created from:
 * turns before `fromTurn` when the branch was made from a turn, otherwise
 * (a fork of the whole history) the items stored before the branch was.
 */
export function inheritedOn(branch: Pick<BranchView, 'parentBranchId' | 'fromTurn' | 'createdAt'>): (row: NumberedRow) => boolean {
  if (branch.parentBranchId === null) return () => false;
  const { fromTurn, createdAt } = branch;
  return fromTurn !== null ? (row) => row.turn < fromTurn : (row) => row.createdAt < createdAt;
}

/** Consecutive rows of a page grouped into turns, each with its usage when there is some. */
export function turnViews(
  sessionId: string,
  rows: readonly NumberedRow[],
  inherited: (row: NumberedRow) => boolean,
  usage?: Map<number, UsageView>,
): TurnView[] {
  const turns: TurnView[] = [];
  rows.forEach((row, i) => {
    const item = viewItem(sessionId, row, i);
    const last = turns[turns.length - 1];
    if (last && last.turn === row.turn) {
      last.items.push(item);
      last.inherited &&= inherited(row);
      return;
    }
    const turnUsage = usage?.get(row.turn);
    turns.push({ turn: row.turn, inherited: inherited(row), items: [item], ...(turnUsage ? { usage: turnUsage } : {}) });
  });
  return turns;
}
