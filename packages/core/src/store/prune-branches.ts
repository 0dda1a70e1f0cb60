import { deleteBranch } from '../advanced/branches.js';
import { db, type AdvancedPlan } from '../advanced/context.js';
import { MAIN_BRANCH } from '../advanced/types.js';
import type { PruneBatch, PruneBranchesStep, PruneCounts } from './prune.js';

/** The old branches (never `main`) of the next sessions that have any: what a store's SQL finds. */
export interface OldBranches {
  sessionId: string;
  branchIds: string[];
}

/**
 * Deletes the branches of one session with the branch deletion plan (so
 * the history only they hold goes, and what other branches read stays).
 * Run as one write transaction. A branch gone meanwhile is skipped.
 */
export function* deleteBranchesPlan(sessionId: string, branchIds: string[]): AdvancedPlan<number> {
  const ctx = { sessionId, branchId: MAIN_BRANCH, handle: sessionId };
  let deleted = 0;
  for (const id of branchIds) {
    if (id === MAIN_BRANCH || (yield* db.branch(sessionId, id)) === undefined) continue;
    yield* deleteBranch(ctx, id);
    deleted++;
  }
  return deleted;
}

/**
 * A prune's branch step from a store's two parts: `find` (SQL: sessions
 * above `after`, in id order, with branches last written before `before`)
 * and `remove` (one write transaction per session running
 * `deleteBranchesPlan`, rolled back in a dry run, with the rows it removed).
 */
export function branchPruneStep(
  find: (before: string, owner: string | null, after: string | undefined, limit: number) => Promise<OldBranches[]>,
  remove: (old: OldBranches, dryRun: boolean) => Promise<Omit<PruneCounts, 'sessions'>>,
): PruneBranchesStep {
  return async (before, owner, { after, limit, dryRun }) => {
    const found = await find(before, owner, after, limit);
    const batch: PruneBatch & { transactions: number } = {
      lastSessionId: found[found.length - 1]?.sessionId,
      examined: found.length,
      transactions: 0,
      sessions: 0,
      items: 0,
      branches: 0,
      usage: 0,
    };
    for (const old of found) {
      const removed = await remove(old, dryRun);
      batch.transactions++;
      batch.items += removed.items;
      batch.branches += removed.branches;
      batch.usage += removed.usage;
    }
    return batch;
  };
}
