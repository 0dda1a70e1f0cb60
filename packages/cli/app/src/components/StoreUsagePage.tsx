import { useState } from 'preact/hooks';
import type { StoreInfo, StoreUsage } from '../../../src/ui/api-types.js';
import { formatCost, formatCount, plural } from '../format.js';
import { useApi } from '../use-api.js';
import { HBars } from './Charts.js';
import { ErrorBanner, Lacks, Loading } from './Status.js';
import { TokenCells, TokenHeaders } from './TokenCells.js';
import { UsageFigures } from './UsageFigures.js';

/** The store's totals and where they went, model by model. */
export function StoreUsagePage({ info }: { info: StoreInfo }) {
  const [attempt, setAttempt] = useState(0);
  const usage = useApi<StoreUsage>('usage', {}, String(attempt));
  return (
    <div class="page">
      <div class="page-head">
        <h1>Usage of the store</h1>
        <p class="muted">Every run of every session, priced with the default price table (or --prices).</p>
      </div>
      {usage.state === 'loading' && <Loading what="usage" />}
      {usage.state === 'failed' && <ErrorBanner error={usage.error} retry={() => setAttempt((n) => n + 1)} />}
      {usage.state === 'ready' && !usage.value.recordsUsage && <Lacks lines={info.lacks} testId="no-usage" />}
      {usage.state === 'ready' && usage.value.recordsUsage && (
        <section class="panel usage" data-testid="store-usage">
          <p class="muted">{plural(usage.value.sessions, 'session')} in the store.</p>
          {usage.value.total.runs === 0 ? (
            <p class="empty">No usage was recorded in this store.</p>
          ) : (
            <>
              <UsageFigures usage={usage.value.total} costTestId="store-cost" />
              <h3>Cost per model</h3>
              <HBars
                testId="model-chart"
                rows={usage.value.byModel.map((m) => ({
                  key: m.model ?? '(none)',
                  label: m.model ?? 'no model name',
                  value: m.priced ? m.cost : 0,
                  display: m.priced ? formatCost(m.cost) : `unpriced (${formatCount(m.totalTokens)} tokens)`,
                  title: `${m.model ?? 'no model name'}: ${plural(m.runs, 'run')}, ${formatCount(m.totalTokens)} tokens`,
                  flagged: !m.priced,
                }))}
              />
              <table class="runs" data-testid="models">
                <thead>
                  <tr>
                    <th>Model</th>
                    <th class="num">Runs</th>
                    <TokenHeaders />
                  </tr>
                </thead>
                <tbody>
                  {usage.value.byModel.map((m) => (
                    <tr key={m.model ?? '(none)'}>
                      <td>{m.model ?? <span class="muted">no model name</span>}</td>
                      <td class="num">{formatCount(m.runs)}</td>
                      <TokenCells usage={m} cost={m.cost} priced={m.priced} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
    </div>
  );
}
