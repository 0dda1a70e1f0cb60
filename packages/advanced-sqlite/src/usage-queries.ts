import type { SqliteDatabase } from '@sessions/sqlite';
import type { Statement } from 'better-sqlite3';
import { costOf, priceFor, type PriceTable } from './pricing.js';
import type { ModelUsage, SessionUsage, TurnUsage, UsageStats } from './types.js';

const SUMS = `COUNT(DISTINCT run_id) AS runs, COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(input_tokens), 0) AS inputTokens,
  COALESCE(SUM(cached_input_tokens), 0) AS cachedInputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens,
  COALESCE(SUM(reasoning_tokens), 0) AS reasoningTokens, COALESCE(SUM(total_tokens), 0) AS totalTokens`;
// `@branch IS NULL` selects every branch of the session.
const WHERE = `WHERE session_id = @session AND (@branch IS NULL OR branch_id = @branch)`;

interface TurnRow extends Omit<TurnUsage, 'inputTokensDetails' | 'outputTokensDetails'> {
  inputTokensDetails: string;
  outputTokensDetails: string;
}
interface RunModelRow {
  runId: string;
  model: string | null;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

function sumJson(texts: string[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const text of texts) for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, number>)) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}

/** Aggregations over `advanced_turn_usage`; every query is bounded by the session index. */
export class UsageQueries {
  readonly #session: Statement<[{ session: string; branch: string | null }], SessionUsage>;
  readonly #turns: Statement<[{ session: string; branch: string; turn: number | null }], TurnRow>;
  readonly #runModels: Statement<[{ session: string; branch: string | null }], RunModelRow>;

  constructor(db: SqliteDatabase) {
    this.#session = db.prepare(
      `SELECT ${SUMS}, COUNT(DISTINCT branch_id || char(0) || turn) AS totalTurns FROM advanced_turn_usage ${WHERE}`,
    ) as Statement<[{ session: string; branch: string | null }], SessionUsage>;
    this.#turns = db.prepare(
      `SELECT branch_id AS branchId, turn, ${SUMS},
         json_group_array(input_tokens_details) AS inputTokensDetails, json_group_array(output_tokens_details) AS outputTokensDetails
       FROM advanced_turn_usage WHERE session_id = @session AND branch_id = @branch AND (@turn IS NULL OR turn = @turn)
       GROUP BY turn ORDER BY turn`,
    ) as Statement<[{ session: string; branch: string; turn: number | null }], TurnRow>;
    this.#runModels = db.prepare(
      `SELECT run_id AS runId, model, SUM(requests) AS requests, SUM(input_tokens) AS inputTokens,
         SUM(cached_input_tokens) AS cachedInputTokens, SUM(output_tokens) AS outputTokens, SUM(total_tokens) AS totalTokens
       FROM advanced_turn_usage ${WHERE} GROUP BY run_id, model`,
    ) as Statement<[{ session: string; branch: string | null }], RunModelRow>;
  }

  session(sessionId: string, branchId: string | null): SessionUsage | null {
    const row = this.#session.get({ session: sessionId, branch: branchId })!;
    return row.runs === 0 ? null : row;
  }

  turns(sessionId: string, branchId: string, turn: number | null): TurnUsage[] {
    return this.#turns.all({ session: sessionId, branch: branchId, turn }).map((row) => ({
      ...row,
      inputTokensDetails: sumJson(JSON.parse(row.inputTokensDetails) as string[]),
      outputTokensDetails: sumJson(JSON.parse(row.outputTokensDetails) as string[]),
    }));
  }

  stats(sessionId: string, branchId: string | null, prices: PriceTable): UsageStats {
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
    for (const row of this.#runModels.all({ session: sessionId, branch: branchId })) {
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
}
