import { SessionError } from '../errors.js';
import { MAIN_BRANCH } from '../advanced/types.js';
import type { TurnRange, TurnRangeItem } from '../advanced/inspection.js';
import { turnNumbers } from '../turns.js';

/**
 * `readTurns` of a session without branch rows (a plain store's, or one a
 * plain session wrote next to an advanced store): its rows, oldest first,
 * are `main`, numbered into turns in process. `read` runs only for `main`;
 * any other branch is `NOT_FOUND`.
 */
export async function plainTurnRange(
  sessionId: string,
  branchId: string,
  range: TurnRange,
  read: () => Promise<readonly { data: string; createdAt: string }[]> | readonly { data: string; createdAt: string }[],
): Promise<TurnRangeItem[]> {
  if (branchId !== MAIN_BRANCH) {
    throw new SessionError('NOT_FOUND', `branch ${JSON.stringify(branchId)} does not exist in session ${JSON.stringify(sessionId)}`, { sessionId });
  }
  const rows = await read();
  const turns = turnNumbers(rows.map((row) => JSON.parse(row.data) as unknown));
  const items: TurnRangeItem[] = [];
  rows.forEach((row, i) => {
    const turn = turns[i]!;
    if (turn >= range.fromTurn && turn <= range.toTurn) items.push({ turn, data: row.data, createdAt: row.createdAt });
  });
  return items;
}
