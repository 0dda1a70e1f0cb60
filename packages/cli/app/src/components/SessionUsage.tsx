import { useState } from 'preact/hooks';
import type { BranchView, SessionOverview, StoreInfo, TurnUsageView, UsagePage } from '../../../src/ui/api-types.js';
import { formatCost, formatCount, plural, shortId } from '../format.js';
import { useApi } from '../use-api.js';
import { HBars, StackedBars, type Series } from './Charts.js';
import { ErrorBanner, Lacks, Loading } from './Status.js';
import { TokenCells, TokenHeaders } from './TokenCells.js';
import { UsageFigures } from './UsageFigures.js';

const WINDOW = 50;

const TOKEN_SERIES: Series[] = [
  { key: 'input', label: 'input' },
  { key: 'cached', label: 'cached input' },
  { key: 'output', label: 'output' },
  { key: 'reasoning', label: 'reasoning' },
];

function turnTitle(turn: TurnUsageView): string {
  const runs = turn.runs.map(
    (r) =>
      `run ${shortId(r.runId, 20)} · ${r.model ?? 'no model name'}: ${formatCount(r.inputTokens)} in (${formatCount(r.cachedInputTokens)} cached), ${formatCount(r.outputTokens)} out, ${r.priced ? formatCost(r.cost) : 'unpriced'}`,
  );
  return [`turn ${turn.turn}: ${formatCount(turn.usage.totalTokens)} tokens, ${turn.usage.unpricedRuns > 0 ? 'partly unpriced' : formatCost(turn.usage.cost)}`, ...runs].join('\n');
}

function TurnCharts({ session, branch }: { session: SessionOverview; branch: BranchView }) {
  const [from, setFrom] = useState(0);
  const [selected, setSelected] = useState<number | undefined>();
  // The first window also holds turn 0 (usage recorded before the first user message).
  const size = from === 0 ? WINDOW + 1 : WINDOW;
  const page = useApi<UsagePage>('turn-usage', { id: session.sessionId, branch: branch.branchId, from, limit: size }, `${from}`);
  if (page.state === 'loading') return <Loading what="usage per turn" />;
  if (page.state === 'failed') return <ErrorBanner error={page.error} />;
  const { turns, turnCount } = page.value;
  const bars = turns.map((t) => ({
    key: String(t.turn),
    label: String(t.turn),
    title: turnTitle(t),
    selected: t.turn === selected,
    onSelect: () => setSelected(t.turn),
    values: {
      input: t.usage.inputTokens - t.usage.cachedInputTokens,
      cached: t.usage.cachedInputTokens,
      output: t.usage.outputTokens - t.usage.reasoningTokens,
      reasoning: t.usage.reasoningTokens,
    },
  }));
  const costBars = turns.map((t) => ({
    key: String(t.turn),
    label: String(t.turn),
    title: turnTitle(t),
    flagged: t.usage.unpricedRuns > 0,
    values: { cost: t.usage.cost },
  }));
  const shown = turns.filter((t) => selected === undefined || t.turn === selected);
  return (
    <>
      <div class="panel-head">
        <h3>
          Per turn on {shortId(branch.branchId, 40)} <span class="muted">(usage stored on this branch; inherited turns ran on its parent)</span>
        </h3>
        {turnCount > WINDOW && (
          <div class="pager">
            <button type="button" disabled={from === 0} onClick={() => setFrom(from <= WINDOW + 1 ? 0 : from - WINDOW)}>
              ← earlier
            </button>
            <span class="muted">
              turns {formatCount(Math.max(1, from))}–{formatCount(Math.min(from + size - 1, turnCount))} of {formatCount(turnCount)}
            </span>
            <button type="button" disabled={from + size > turnCount} onClick={() => setFrom(from + size)}>
              later →
            </button>
          </div>
        )}
      </div>
      {turns.length === 0 ? (
        <p class="empty">No usage was stored on this branch{from > 0 ? ' in these turns' : ''}.</p>
      ) : (
        <>
          <div class="charts">
            <div>
              <h4>Tokens</h4>
              <StackedBars bars={bars} series={TOKEN_SERIES} testId="turn-token-chart" />
            </div>
            <div>
              <h4>Cost</h4>
              <StackedBars bars={costBars} series={[{ key: 'cost', label: 'cost ($), hatched: runs without a price left out' }]} testId="turn-cost-chart" format={(n) => (n === 0 ? '$0' : `$${Number(n.toPrecision(2))}`)} />
            </div>
          </div>
          <h4>
            Runs behind each bar
            {selected !== undefined && (
              <button type="button" class="link" onClick={() => setSelected(undefined)}>
                show every turn
              </button>
            )}
          </h4>
          <table class="runs" data-testid="runs">
            <thead>
              <tr>
                <th>Turn</th>
                <th>Run</th>
                <th>Model</th>
                <TokenHeaders />
              </tr>
            </thead>
            <tbody>
              {shown.flatMap((t) =>
                t.runs.map((r) => (
                  <tr key={`${t.turn}-${r.runId}-${r.model}`}>
                    <td class="num">{t.turn}</td>
                    <td title={r.runId}>
                      <code>{shortId(r.runId, 22)}</code>
                    </td>
                    <td>{r.model ?? <span class="muted">no model name</span>}</td>
                    <TokenCells usage={r} cost={r.cost} priced={r.priced} />
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/** Where a session's tokens went: its totals, each branch, and each turn of the branch shown, run by run. */
export function SessionUsage({ info, session, branch }: { info: StoreInfo; session: SessionOverview; branch: BranchView }) {
  if (!info.holds.usage || !session.usage) return <Lacks lines={[`A ${info.kind} store records no token usage, so there is nothing to chart.`]} testId="no-usage" />;
  const branches = session.branches.filter((b) => b.usage && b.usage.runs > 0);
  return (
    <section class="panel usage" data-testid="session-usage">
      <h2>Usage of the whole session</h2>
      {session.usage.runs === 0 ? (
        <p class="empty">No usage was recorded for this session.</p>
      ) : (
        <>
          <UsageFigures usage={session.usage} costTestId="session-cost" />
          <h3>Per branch</h3>
          <HBars
            testId="branch-chart"
            rows={branches.map((b) => ({
              key: b.branchId,
              label: shortId(b.branchId, 28),
              value: b.usage!.totalTokens,
              display: `${formatCount(b.usage!.totalTokens)} tokens · ${b.usage!.unpricedRuns > 0 ? `${formatCost(b.usage!.cost)} + unpriced` : formatCost(b.usage!.cost)}`,
              title: `${b.branchId}: ${plural(b.usage!.runs, 'run')}`,
              flagged: b.usage!.unpricedRuns > 0,
            }))}
          />
          <TurnCharts session={session} branch={branch} />
        </>
      )}
    </section>
  );
}
