import { randomUUID } from 'node:crypto';
import { SessionError } from '../errors.js';
import { chosenBranch, db, existingBranch, headLane, laneSegments, type AdvancedPlan, type BranchContext } from './context.js';
import type { RunModelRow } from './driver.js';
import { costOf, priceFor, type PriceTable } from './pricing.js';
import { combine, isEmptyRecord, splitRunUsage, type ResponseUsage, type UsageRecord } from './run-usage.js';
import type { BranchOption, ModelUsage, SessionUsage, TurnUsage, UsageStats } from './types.js';

export interface StoreRunUsageOptions {
  /** The model name to price this run with, instead of the one found in the result. */
  model?: string | undefined;
}

/** What the runner's `state` objects already stored of their usage without a response id, so storing a resumed run again adds only the difference. */
const storedRuns = new WeakMap<object, { runId: string; records: UsageRecord[] }>();

/** What one `storeRunUsage` call writes: a run id, the model responses to store once, and the rest to add. */
export interface RunUsageWrite {
  runId: string;
  /** Model responses with an id: each is added unless the branch already holds it. */
  responses: ResponseUsage[];
  /** Usage without a response id that this process has not stored yet for the run. */
  delta: UsageRecord[];
  /** Remembers the run as stored; call once the write committed. */
  commit(): void;
}

/** Reads a run result's usage (and what of it this process already stored) before anything is written. */
export function runUsageWrite(ctx: BranchContext, result: unknown, options: StoreRunUsageOptions | undefined): RunUsageWrite {
  if (options?.model !== undefined && (typeof options.model !== 'string' || options.model.length === 0)) {
    throw new SessionError('INVALID_ARGUMENT', 'options.model must be a non-empty string', { sessionId: ctx.handle });
  }
  const { responses, rest } = splitRunUsage(ctx.handle, result, options?.model);
  const state = (result as { state: object }).state;
  const previous = storedRuns.get(state);
  // The first response's key names the run in every process that stores it (a resumed run keeps its responses).
  const runId = previous?.runId ?? responses[0]?.key ?? randomUUID();
  const delta = rest
    .map((record) => {
      const before = previous?.records.find((r) => r.model === record.model);
      return before ? combine(record, before, -1) : record;
    })
    .filter((record) => !isEmptyRecord(record));
  return { runId, responses, delta, commit: () => storedRuns.set(state, { runId, records: rest }) };
}

/**
 * Records a run's usage against the current turn of the branch: each model
 * response with an id once per branch (in any process), plus the rest this
 * process has not stored for the run. Run as one write transaction.
 */
export function* storeRunUsage(ctx: BranchContext, write: RunUsageWrite): AdvancedPlan<void> {
  yield* db.lockSession(ctx.sessionId);
  const lane = yield* headLane(ctx, ctx.branchId);
  const newest = lane === undefined ? undefined : yield* db.newest(ctx.sessionId, yield* laneSegments(ctx, lane));
  if (!newest) {
    throw new SessionError('CONFLICT', `branch ${JSON.stringify(ctx.branchId)} holds no items, so there is no turn to record usage against; run the agent with this session first`, {
      sessionId: ctx.handle,
    });
  }
  const keys = [...new Set(write.responses.map((response) => response.key))];
  const claimed = new Set(keys.length === 0 ? [] : yield* db.claimResponses(ctx.sessionId, ctx.branchId, keys));
  const byModel = new Map<string | null, UsageRecord>();
  const add = (record: UsageRecord) => {
    const previous = byModel.get(record.model);
    byModel.set(record.model, previous ? combine(previous, record) : record);
  };
  for (const response of write.responses) {
    if (claimed.delete(response.key)) add(response.record);
  }
  for (const record of write.delta) add(record);
  for (const record of byModel.values()) {
    if (isEmptyRecord(record)) continue;
    yield* db.insertUsage({
      sessionId: ctx.sessionId,
      branchId: ctx.branchId,
      turn: newest.turn,
      runId: write.runId,
      model: record.model,
      requests: record.requests,
      inputTokens: record.inputTokens,
      cachedInputTokens: record.cachedInputTokens,
      outputTokens: record.outputTokens,
      reasoningTokens: record.reasoningTokens,
      totalTokens: record.totalTokens,
      inputTokensDetails: JSON.stringify(record.inputTokensDetails),
      outputTokensDetails: JSON.stringify(record.outputTokensDetails),
      createdAt: null,
    });
  }
}

/** The branch a usage read is limited to: `null` (every branch) unless `branchId` is given. */
function* usageBranch(ctx: BranchContext, options: { branchId?: string | undefined } | undefined): AdvancedPlan<string | null> {
  return options?.branchId === undefined ? null : yield* existingBranch(ctx, chosenBranch(ctx, options));
}

/** Usage of the whole session (every branch), or of one branch; `null` when nothing was stored. */
export function* sessionUsage(ctx: BranchContext, options: { branchId?: string | undefined } | undefined): AdvancedPlan<SessionUsage | null> {
  const totals = yield* db.usageTotals(ctx.sessionId, yield* usageBranch(ctx, options));
  return totals.runs === 0 ? null : totals;
}

function sumDetails(texts: readonly string[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const text of texts) for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, number>)) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}

/** Checks a turn number for `getTurnUsage`. */
export function checkUsageTurn(ctx: BranchContext, turn: unknown): void {
  if (turn !== undefined && (typeof turn !== 'number' || !Number.isInteger(turn) || turn < 0)) {
    throw new SessionError('INVALID_ARGUMENT', `turn must be a non-negative integer, got ${String(turn)}`, { sessionId: ctx.handle });
  }
}

/** Usage of one turn (`null` when none was stored), or of every turn with usage when `turn` is omitted. */
export function* turnUsage(ctx: BranchContext, turn: number | undefined, options: BranchOption | undefined): AdvancedPlan<TurnUsage | null | TurnUsage[]> {
  checkUsageTurn(ctx, turn);
  const branch = yield* existingBranch(ctx, chosenBranch(ctx, options));
  const turns = (yield* db.turnUsage(ctx.sessionId, branch, turn ?? null)).map(
    (row): TurnUsage => ({ ...row, inputTokensDetails: sumDetails(row.inputTokensDetails), outputTokensDetails: sumDetails(row.outputTokensDetails) }),
  );
  return turn === undefined ? turns : (turns[0] ?? null);
}

/** Runs, tokens and cost of the session (or one branch), priced with `prices`. */
export function* usageStats(ctx: BranchContext, options: { branchId?: string | undefined } | undefined, prices: PriceTable): AdvancedPlan<UsageStats> {
  return priceUsage(yield* db.runModelUsage(ctx.sessionId, yield* usageBranch(ctx, options)), prices);
}

/** Totals and cost from per-run, per-model sums; cost is computed at read time from `prices`. */
export function priceUsage(rows: readonly RunModelRow[], prices: PriceTable): UsageStats {
  const runs = new Map<string, boolean>();
  const models = new Map<string | null, ModelUsage & { runIds: Set<string> }>();
  const stats: UsageStats = {
    totalRuns: 0,
    pricedRuns: 0,
    unpricedRuns: 0,
    unpricedModels: [],
    totalRequests: 0,
    totalInputTokens: 0,
    totalCachedInputTokens: 0,
    totalOutputTokens: 0,
    totalTokens: 0,
    unpricedTokens: 0,
    totalCost: 0,
    byModel: [],
  };
  for (const row of rows) {
    const price = priceFor(row.model, prices);
    runs.set(row.runId, (runs.get(row.runId) ?? true) && price !== undefined);
    stats.totalRequests += row.requests;
    stats.totalInputTokens += row.inputTokens;
    stats.totalCachedInputTokens += row.cachedInputTokens;
    stats.totalOutputTokens += row.outputTokens;
    stats.totalTokens += row.totalTokens;
    const cost = price ? costOf(row, price) : null;
    if (cost === null) stats.unpricedTokens += row.totalTokens;
    else stats.totalCost += cost;
    let model = models.get(row.model);
    if (!model) {
      model = { model: row.model, runs: 0, requests: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, totalTokens: 0, cost: price ? 0 : null, runIds: new Set() };
      models.set(row.model, model);
    }
    model.runIds.add(row.runId);
    model.requests += row.requests;
    model.inputTokens += row.inputTokens;
    model.cachedInputTokens += row.cachedInputTokens;
    model.outputTokens += row.outputTokens;
    model.totalTokens += row.totalTokens;
    if (cost !== null) model.cost = (model.cost ?? 0) + cost;
  }
  stats.totalRuns = runs.size;
  for (const priced of runs.values()) priced ? stats.pricedRuns++ : stats.unpricedRuns++;
  // Named models in name order, the nameless (null) last.
  const ordered = [...models.values()].sort((a, b) => (a.model === null ? 1 : b.model === null ? -1 : a.model.localeCompare(b.model)));
  for (const { runIds, ...model } of ordered) {
    stats.byModel.push({ ...model, runs: runIds.size });
    if (model.cost === null) stats.unpricedModels.push(model.model);
  }
  return stats;
}
