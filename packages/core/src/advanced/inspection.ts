import { SessionError } from '../errors.js';
import { headLane, laneSegments, type AdvancedPlan, type BranchContext, db } from './context.js';
import type { TokenCounts } from './types.js';

/**
 * Read-only queries for tools that show a store page by page (the `sessions
 * ui` inspector): a range of a branch's turns, and usage sums.
 */

/** One item of a branch, with the turn it belongs to. */
export interface TurnRangeItem {
  turn: number;
  /** The stored JSON text, byte for byte. */
  data: string;
  /** ISO-8601 UTC. */
  createdAt: string;
}

export interface TurnRange {
  /** Inclusive; turn 0 holds the items before the first user message. */
  fromTurn: number;
  /** Inclusive. */
  toTurn: number;
}

export type UsageGroup = 'sessionId' | 'branchId' | 'turn' | 'runId' | 'model';

export const USAGE_GROUPS: readonly UsageGroup[] = ['sessionId', 'branchId', 'turn', 'runId', 'model'];

/** Summed usage of one group; the grouped-by fields are set, the others absent. */
export interface UsageSum extends TokenCounts {
  sessionId?: string;
  branchId?: string;
  turn?: number;
  runId?: string;
  model?: string | null;
  /** Distinct runs in the group. */
  runs: number;
}

export interface UsageSumOptions {
  /** The fields to group by, in this order (none: one row for everything selected). */
  by: readonly UsageGroup[];
  sessionId?: string | undefined;
  branchId?: string | undefined;
  /** Inclusive turn range. */
  fromTurn?: number | undefined;
  toTurn?: number | undefined;
}

function checkTurn(what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new SessionError('INVALID_ARGUMENT', `${what} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

export function checkTurnRange(range: unknown): TurnRange {
  const r = range as Partial<TurnRange> | null | undefined;
  return { fromTurn: checkTurn('fromTurn', r?.fromTurn), toTurn: checkTurn('toTurn', r?.toTurn) };
}

/** Checks `sumUsage` options before any SQL is built from them. */
export function checkUsageSumOptions(options: unknown): UsageSumOptions {
  const o = options as Partial<UsageSumOptions> | null | undefined;
  const by = o?.by;
  if (!Array.isArray(by) || by.some((key) => !USAGE_GROUPS.includes(key as UsageGroup))) {
    throw new SessionError('INVALID_ARGUMENT', `by must list fields among ${USAGE_GROUPS.join(', ')}`);
  }
  for (const key of ['sessionId', 'branchId'] as const) {
    if (o![key] !== undefined && (typeof o![key] !== 'string' || o![key]!.length === 0)) {
      throw new SessionError('INVALID_ARGUMENT', `${key} must be a non-empty string`);
    }
  }
  return {
    by,
    sessionId: o!.sessionId,
    branchId: o!.branchId,
    fromTurn: o!.fromTurn === undefined ? undefined : checkTurn('fromTurn', o!.fromTurn),
    toTurn: o!.toTurn === undefined ? undefined : checkTurn('toTurn', o!.toTurn),
  };
}

/**
 * The items of turns `fromTurn..toTurn` of one branch, oldest first, as the
 * branch reads them (inherited turns included); the cost follows the range,
 * not the conversation's length. `main` of a session without items reads
 * as empty; another unknown branch is `NOT_FOUND`.
 */
export function* readBranchTurns(ctx: BranchContext, branchId: string, range: TurnRange): AdvancedPlan<TurnRangeItem[]> {
  const lane = yield* headLane(ctx, branchId);
  if (lane === undefined) return [];
  return yield* db.turnRange(ctx.sessionId, yield* laneSegments(ctx, lane), range.fromTurn, range.toTurn);
}


const USAGE_COLUMNS: Record<UsageGroup, string> = { sessionId: 'session_id', branchId: 'branch_id', turn: 'turn', runId: 'run_id', model: 'model' };

/**
 * The `usageSums` statement over `advanced_turn_usage`, in the SQL every
 * store of ours shares; `placeholder(n)` spells the store's n-th parameter
 * (`?` or `$n`). Sums come back as numbers or numeric strings, as drivers
 * return them: read rows with `usageSumRow`.
 */
export function usageSumsQuery(options: UsageSumOptions, placeholder: (n: number) => string): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const filter = (column: string, op: string, value: unknown) => {
    values.push(value);
    where.push(`${column} ${op} ${placeholder(values.length)}`);
  };
  if (options.sessionId !== undefined) filter('session_id', '=', options.sessionId);
  if (options.branchId !== undefined) filter('branch_id', '=', options.branchId);
  if (options.fromTurn !== undefined) filter('turn', '>=', options.fromTurn);
  if (options.toTurn !== undefined) filter('turn', '<=', options.toTurn);
  const columns = options.by.map((key) => USAGE_COLUMNS[key]);
  const text = `SELECT ${[...options.by.map((key) => `${USAGE_COLUMNS[key]} AS "${key}"`), ''].join(', ')}COUNT(DISTINCT run_id) AS "runs",
      COALESCE(SUM(requests), 0) AS "requests", COALESCE(SUM(input_tokens), 0) AS "inputTokens",
      COALESCE(SUM(cached_input_tokens), 0) AS "cachedInputTokens", COALESCE(SUM(output_tokens), 0) AS "outputTokens",
      COALESCE(SUM(reasoning_tokens), 0) AS "reasoningTokens", COALESCE(SUM(total_tokens), 0) AS "totalTokens"
    FROM advanced_turn_usage ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ${columns.length > 0 ? `GROUP BY ${columns.join(', ')} ORDER BY ${columns.join(', ')}` : ''}`;
  return { text, values };
}

const COUNTS = ['runs', 'requests', 'inputTokens', 'cachedInputTokens', 'outputTokens', 'reasoningTokens', 'totalTokens'] as const;

/** A `usageSumsQuery` row with its sums as numbers (servers return big sums as strings). */
export function usageSumRow(row: Record<string, unknown>): UsageSum {
  const out: Record<string, unknown> = { ...row };
  for (const key of COUNTS) out[key] = Number(row[key]);
  if (row.turn !== undefined) out.turn = Number(row.turn);
  return out as unknown as UsageSum;
}

/** The rows of `usageSumsQuery`: none when nothing matched (an ungrouped sum still returns one row of zeros). */
export function usageSumRows(options: UsageSumOptions, rows: readonly Record<string, unknown>[]): UsageSum[] {
  const sums = rows.map(usageSumRow);
  return options.by.length === 0 && sums[0]?.runs === 0 ? [] : sums;
}
