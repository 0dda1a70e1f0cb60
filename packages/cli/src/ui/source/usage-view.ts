import type { UsageSum } from '@sessions/core';
import { addUsage, ZERO_USAGE, type Pricer } from '../../session-view.js';
import type { RunUsageView, UsageView } from '../api-types.js';

export const NO_USAGE: UsageView = { ...omitUnpricedRows(ZERO_USAGE), reasoningTokens: 0, unpricedRuns: 0, unpricedModels: [] };

function omitUnpricedRows<T extends { unpricedRows: number }>(totals: T): Omit<T, 'unpricedRows'> {
  const { unpricedRows: _, ...rest } = totals;
  return rest;
}

/**
 * Usage sums priced as `sessions usage` prices them (the same Pricer). Rows
 * must be grouped by model, at least, so each one has a price or none.
 */
export function usageOf(rows: readonly UsageSum[], price: Pricer): UsageView {
  let totals = ZERO_USAGE;
  let reasoningTokens = 0;
  let unpricedRuns = 0;
  const unpricedModels = new Set<string | null>();
  for (const row of rows) {
    const next = addUsage(totals, row as unknown as Record<string, unknown>, price);
    if (next.unpricedRows > totals.unpricedRows) {
      unpricedRuns += row.runs;
      unpricedModels.add(row.model ?? null);
    }
    totals = next;
    reasoningTokens += row.reasoningTokens;
  }
  return { ...omitUnpricedRows(totals), reasoningTokens, unpricedRuns, unpricedModels: [...unpricedModels] };
}

/** One run's tokens for one model, priced. */
export function runUsageOf(row: UsageSum, price: Pricer): RunUsageView {
  const usage = usageOf([row], price);
  const { runs: _, unpricedRuns, unpricedModels: __, ...tokens } = usage;
  return { ...tokens, runId: row.runId ?? '', model: row.model ?? null, priced: unpricedRuns === 0 };
}

/** Rows grouped by a key, each group priced. */
export function usageBy<K>(rows: readonly UsageSum[], key: (row: UsageSum) => K, price: Pricer): Map<K, UsageView> {
  const groups = new Map<K, UsageSum[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return new Map([...groups].map(([k, group]) => [k, usageOf(group, price)]));
}
