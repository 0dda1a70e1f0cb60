import type { UsageView } from '../../../src/ui/api-types.js';
import { formatCost, formatCount, plural } from '../format.js';

function unpricedNote(usage: UsageView): string {
  const models = usage.unpricedModels.map((m) => (m === null ? 'runs without a model name' : m)).join(', ');
  return `${plural(usage.unpricedRuns, 'run')} of models without a price (${models}) are counted, not costed: the cost leaves them out.`;
}

/** Totals as figures: cost first, then where the tokens went; unpriced runs are said, never costed at $0. */
export function UsageFigures({ usage, costTestId }: { usage: UsageView; costTestId: string }) {
  const uncached = usage.inputTokens - usage.cachedInputTokens;
  return (
    <div class="figures">
      <div class="figure main">
        <span class="figure-label">cost</span>
        <span class="figure-value" data-testid={costTestId}>
          {usage.unpricedRuns > 0 && usage.unpricedRuns === usage.runs ? 'unpriced' : formatCost(usage.cost)}
        </span>
      </div>
      <div class="figure">
        <span class="figure-label">tokens</span>
        <span class="figure-value">{formatCount(usage.totalTokens)}</span>
      </div>
      <div class="figure">
        <span class="figure-label">input (cached)</span>
        <span class="figure-value">
          {formatCount(uncached)} <span class="muted">({formatCount(usage.cachedInputTokens)})</span>
        </span>
      </div>
      <div class="figure">
        <span class="figure-label">output (reasoning)</span>
        <span class="figure-value">
          {formatCount(usage.outputTokens)} <span class="muted">({formatCount(usage.reasoningTokens)})</span>
        </span>
      </div>
      <div class="figure">
        <span class="figure-label">runs · requests</span>
        <span class="figure-value">
          {formatCount(usage.runs)} · {formatCount(usage.requests)}
        </span>
      </div>
      {usage.unpricedRuns > 0 && (
        <p class="flag-note" data-testid="unpriced">
          ⚠ {unpricedNote(usage)}
        </p>
      )}
    </div>
  );
}
