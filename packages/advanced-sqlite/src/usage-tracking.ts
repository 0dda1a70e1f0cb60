import { randomUUID } from 'node:crypto';
import { SessionError } from '@sessions/core';
import { newestOf } from './lanes.js';
import type { PriceTable } from './pricing.js';
import { combine, isEmptyRecord, usageRecords, type UsageRecord } from './run-usage.js';
import { chosenBranch, existingBranch, headLane, inWriteTransaction, laneSegments, type SessionContext } from './session-context.js';
import type { BranchOption, SessionUsage, TurnUsage, UsageStats } from './types.js';

export interface StoreRunUsageOptions {
  /** The model name to price this run with, instead of the one found in the result. */
  model?: string | undefined;
}

/** What the runner's `state` objects already stored, so storing a resumed run again adds only the difference. */
const storedRuns = new WeakMap<object, { runId: string; records: UsageRecord[] }>();

/** Records a run's usage against the current turn of the current branch (see README "Usage and cost"). */
export function storeRunUsage(ctx: SessionContext, result: unknown, options: StoreRunUsageOptions | undefined): void {
  if (options?.model !== undefined && (typeof options.model !== 'string' || options.model.length === 0)) {
    throw new SessionError('INVALID_ARGUMENT', 'options.model must be a non-empty string', { sessionId: ctx.handle });
  }
  const records = usageRecords(ctx.handle, result, options?.model);
  const state = (result as { state: object }).state;
  const previous = storedRuns.get(state);
  const runId = previous?.runId ?? randomUUID();
  const delta = records
    .map((record) => {
      const before = previous?.records.find((r) => r.model === record.model);
      return before ? combine(record, before, -1) : record;
    })
    .filter((record) => !isEmptyRecord(record));
  const s = ctx.statements;
  inWriteTransaction(ctx, () => {
    const lane = headLane(ctx, ctx.branchId);
    const newest = lane === undefined ? undefined : newestOf(s, laneSegments(ctx, lane));
    if (!newest) {
      throw new SessionError('CONFLICT', `branch ${JSON.stringify(ctx.branchId)} holds no items, so there is no turn to record usage against; run the agent with this session first`, {
        sessionId: ctx.handle,
      });
    }
    for (const record of delta) {
      s.insertUsage.run({
        sessionId: ctx.sessionId,
        branchId: ctx.branchId,
        turn: newest.turn,
        runId,
        ...record,
        inputTokensDetails: JSON.stringify(record.inputTokensDetails),
        outputTokensDetails: JSON.stringify(record.outputTokensDetails),
      });
    }
  });
  storedRuns.set(state, { runId, records });
}

/** The branch a usage read is limited to: `null` (every branch) unless `branchId` is given. */
function usageBranch(ctx: SessionContext, options: { branchId?: string | undefined } | undefined): string | null {
  return options?.branchId === undefined ? null : existingBranch(ctx, chosenBranch(ctx, options));
}

/** Usage of the whole session (every branch), or of one branch; `null` when nothing was stored. */
export function sessionUsage(ctx: SessionContext, options: { branchId?: string | undefined } | undefined): SessionUsage | null {
  return ctx.usage.session(ctx.sessionId, usageBranch(ctx, options));
}

/** Usage of one turn (`null` when none was stored), or of every turn with usage when `turn` is omitted. */
export function turnUsage(ctx: SessionContext, turn: number | undefined, options: BranchOption | undefined): TurnUsage | null | TurnUsage[] {
  if (turn !== undefined && (typeof turn !== 'number' || !Number.isInteger(turn) || turn < 0)) {
    throw new SessionError('INVALID_ARGUMENT', `turn must be a non-negative integer, got ${String(turn)}`, { sessionId: ctx.handle });
  }
  const branch = existingBranch(ctx, chosenBranch(ctx, options));
  const turns = ctx.usage.turns(ctx.sessionId, branch, turn ?? null);
  return turn === undefined ? turns : (turns[0] ?? null);
}

/** Runs, tokens and cost of the session (or one branch), priced with `prices`. */
export function usageStats(ctx: SessionContext, options: { branchId?: string | undefined } | undefined, prices: PriceTable): UsageStats {
  return ctx.usage.stats(ctx.sessionId, usageBranch(ctx, options), prices);
}
