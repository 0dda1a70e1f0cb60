import {
  checkTurnRange,
  checkUsageSumOptions,
  readBranchTurns as branchTurnsPlan,
  runSync,
  SessionError,
  type TurnRangeItem,
  type UsageSum,
  type UsageSumOptions,
} from '@sessions/core';
import { borrowConnection, type SqliteDatabase } from '@sessions/sqlite';
import { existingState } from './connection-state.js';

/**
 * Read-only queries for tools that display a store page by page (the
 * `sessions ui` inspector). Like the archive functions they take an open
 * database, never write and never migrate.
 */

function storageStep<T>(operation: string, sessionId: string | undefined, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof SessionError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SessionError('STORAGE_ERROR', `${operation} failed: ${reason}`, { ...(sessionId === undefined ? {} : { sessionId }), cause: error });
  }
}

/**
 * The items of turns `fromTurn..toTurn` (inclusive) of one branch, oldest
 * first, as the branch reads them (inherited turns included): one index
 * range read per segment, so the cost follows the range asked for.
 */
export function readBranchTurns(db: SqliteDatabase, sessionId: string, branchId: string, range: { fromTurn: number; toTurn: number }): TurnRangeItem[] {
  const checked = checkTurnRange(range);
  return storageStep('readBranchTurns', sessionId, () => {
    const { driver } = existingState(borrowConnection(db));
    const ctx = { sessionId, branchId, handle: sessionId };
    return db.transaction(() => runSync(branchTurnsPlan(ctx, branchId, checked), driver))();
  });
}

/** Usage summed per group (e.g. `by: ['turn', 'runId', 'model']`), over the file or the session, branch and turns given. */
export function sumUsage(db: SqliteDatabase, options: UsageSumOptions): UsageSum[] {
  const checked = checkUsageSumOptions(options);
  return storageStep('sumUsage', checked.sessionId, () => existingState(borrowConnection(db)).driver.usageSums(checked));
}
