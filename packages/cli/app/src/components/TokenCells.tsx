import type { TokenCounts } from '@sessions/advanced-sqlite';
import { formatCost, formatCount } from '../format.js';

/** The token and cost columns of a usage table row (runs, models). */
export function TokenHeaders() {
  return (
    <>
      <th class="num">Requests</th>
      <th class="num">Input</th>
      <th class="num">Cached</th>
      <th class="num">Output</th>
      <th class="num">Reasoning</th>
      <th class="num">Cost</th>
    </>
  );
}

export function TokenCells({ usage, cost, priced }: { usage: TokenCounts; cost: number; priced: boolean }) {
  return (
    <>
      <td class="num">{formatCount(usage.requests)}</td>
      <td class="num">{formatCount(usage.inputTokens)}</td>
      <td class="num">{formatCount(usage.cachedInputTokens)}</td>
      <td class="num">{formatCount(usage.outputTokens)}</td>
      <td class="num">{formatCount(usage.reasoningTokens)}</td>
      <td class="num">{priced ? formatCost(cost) : <span class="flag">unpriced</span>}</td>
    </>
  );
}
