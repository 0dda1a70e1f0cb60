import { groupTurns, itemKind, itemText, parseStoredItem, toolName, type ItemKind } from '@sessions/core';
import { notFound } from './cli-error.js';
import type { SessionRecord, StoredItem, UsageRecord } from './stores/records.js';

export const MAIN_BRANCH = 'main';

export interface UsageTotals {
  runs: number;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Dollars for the rows whose model has a price. */
  cost: number;
  /** Usage rows whose model has no price (or no model name): counted, not costed. */
  unpricedRows: number;
}

/** Dollars for one usage row, or `undefined` when its model has no price. */
export type Pricer = (row: { model: string | null; inputTokens: number; cachedInputTokens: number; outputTokens: number }) => number | undefined;

export const ZERO_USAGE: UsageTotals = { runs: 0, requests: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, totalTokens: 0, cost: 0, unpricedRows: 0 };

export interface ItemView {
  kind: ItemKind;
  /** The message role, for messages. */
  role?: string | undefined;
  /** The tool called or answered, for tool items. */
  tool?: string | undefined;
  text: string;
  createdAt: string;
  item: unknown;
}

export interface TurnView {
  turn: number;
  items: ItemView[];
  usage?: UsageTotals | undefined;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) || 0 : 0);
const pick = (row: UsageRecord, ...keys: string[]): unknown => keys.map((k) => row[k]).find((v) => v !== undefined && v !== null);

/** Branch and turn a usage row belongs to, under the column names stores use. */
export function usageKey(row: UsageRecord): { branchId: string; turn: number | undefined } {
  const branch = pick(row, 'branchId', 'branch_id');
  const turn = pick(row, 'turn', 'turnNumber', 'userTurnNumber', 'user_turn_number', 'turn_number');
  return { branchId: typeof branch === 'string' ? branch : MAIN_BRANCH, turn: turn === undefined ? undefined : num(turn) };
}

export function addUsage(totals: UsageTotals | undefined, row: UsageRecord, price?: Pricer): UsageTotals {
  const base = totals ?? ZERO_USAGE;
  const runs = pick(row, 'runs', 'runCount', 'run_count');
  const inputTokens = num(pick(row, 'inputTokens', 'input_tokens'));
  const cachedInputTokens = num(pick(row, 'cachedInputTokens', 'cached_input_tokens'));
  const outputTokens = num(pick(row, 'outputTokens', 'output_tokens'));
  const model = pick(row, 'model');
  const cost = price?.({ model: typeof model === 'string' ? model : null, inputTokens, cachedInputTokens, outputTokens });
  return {
    runs: base.runs + (runs === undefined ? 1 : num(runs)),
    requests: base.requests + num(pick(row, 'requests')),
    inputTokens: base.inputTokens + inputTokens,
    cachedInputTokens: base.cachedInputTokens + cachedInputTokens,
    outputTokens: base.outputTokens + outputTokens,
    totalTokens: base.totalTokens + num(pick(row, 'totalTokens', 'total_tokens')),
    cost: base.cost + (cost ?? 0),
    unpricedRows: base.unpricedRows + (cost === undefined ? 1 : 0),
  };
}

/** Sums two totals. */
export function plusUsage(a: UsageTotals, b: UsageTotals): UsageTotals {
  const sum = { ...a };
  for (const key of Object.keys(sum) as (keyof UsageTotals)[]) sum[key] = a[key] + b[key];
  return sum;
}

/** The history a branch reads; `main` is the session's own. */
export function branchItems(record: SessionRecord, branchId: string): StoredItem[] {
  if (branchId === MAIN_BRANCH) return record.items;
  const branch = record.branches.find((b) => b.branchId === branchId);
  if (!branch) {
    const known = [MAIN_BRANCH, ...record.branches.map((b) => b.branchId)].join(', ');
    throw notFound(`session ${JSON.stringify(record.sessionId)} has no branch ${JSON.stringify(branchId)} (branches: ${known})`);
  }
  return branch.items;
}

export function viewItem(sessionId: string, stored: StoredItem, index: number): ItemView {
  const item = parseStoredItem(sessionId, stored.data, index);
  const kind = itemKind(item);
  const role = (item as { role?: unknown }).role;
  return {
    kind,
    ...(typeof role === 'string' ? { role } : {}),
    ...(toolName(item) !== undefined ? { tool: toolName(item) } : {}),
    text: itemText(item),
    createdAt: stored.createdAt,
    item,
  };
}

/** A branch's history grouped into turns, each with the usage recorded against it. */
export function viewTurns(record: SessionRecord, branchId: string, price?: Pricer): TurnView[] {
  const items = branchItems(record, branchId).map((stored, i) => viewItem(record.sessionId, stored, i));
  const usageByTurn = new Map<number, UsageTotals>();
  for (const row of record.usage) {
    const key = usageKey(row);
    if (key.branchId !== branchId || key.turn === undefined) continue;
    usageByTurn.set(key.turn, addUsage(usageByTurn.get(key.turn), row, price));
  }
  return groupTurns(items).map(({ turn, items: turnItems }) => ({
    turn,
    items: turnItems,
    ...(usageByTurn.has(turn) ? { usage: usageByTurn.get(turn) } : {}),
  }));
}

/** Usage totals of a session, per branch. */
export function usageByBranch(record: SessionRecord, price?: Pricer): Map<string, UsageTotals> {
  const totals = new Map<string, UsageTotals>();
  for (const row of record.usage) {
    const { branchId } = usageKey(row);
    totals.set(branchId, addUsage(totals.get(branchId), row, price));
  }
  return totals;
}

export function userTurnCount(items: StoredItem[], sessionId: string): number {
  return items.reduce((n, stored, i) => (viewItem(sessionId, stored, i).kind === 'user' ? n + 1 : n), 0);
}
