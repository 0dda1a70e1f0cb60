import { jsonOption, pricesOption, urlOption, type Command } from '../command.js';
import { write } from '../io.js';
import { renderTable } from '../output/table.js';
import { loadPricer } from '../pricing.js';
import { addUsage, plusUsage, usageByBranch, usageKey, ZERO_USAGE, type Pricer, type UsageTotals } from '../session-view.js';
import type { CliStore } from '../stores/cli-store.js';
import { printJson, requireSession, sessionIdArgument, storeUrlOf, withStore } from './shared.js';

const HEADERS = ['RUNS', 'REQUESTS', 'INPUT', 'CACHED', 'OUTPUT', 'TOTAL', 'COST ($)'];
const row = (label: string, u: UsageTotals) => [label, u.runs, u.requests, u.inputTokens, u.cachedInputTokens, u.outputTokens, u.totalTokens, u.cost.toFixed(6)];

async function sessionUsage(store: CliStore, sessionId: string, price: Pricer | undefined) {
  const record = await requireSession(store, sessionId);
  const perTurn = new Map<string, { branchId: string; turn: number; usage: UsageTotals }>();
  for (const usageRow of record.usage) {
    const { branchId, turn } = usageKey(usageRow);
    const key = `${branchId}\u0000${turn ?? 0}`;
    const entry = perTurn.get(key) ?? { branchId, turn: turn ?? 0, usage: ZERO_USAGE };
    entry.usage = addUsage(entry.usage, usageRow, price);
    perTurn.set(key, entry);
  }
  return {
    sessionId,
    total: record.usage.reduce<UsageTotals>((sum, r) => addUsage(sum, r, price), ZERO_USAGE),
    branches: [...usageByBranch(record, price)].map(([branchId, usage]) => ({ branchId, usage })),
    turns: [...perTurn.values()],
  };
}

function notes(store: CliStore, total: UsageTotals): string {
  if (!store.advanced) return `(${store.kind} stores do not record usage)\n`;
  return total.unpricedRows > 0 ? `(${total.unpricedRows} usage row(s) of models without a price are counted but not costed; see --prices)\n` : '';
}

export const usageCommand: Command = {
  name: 'usage',
  summary: 'token usage and cost of one session (per branch and turn) or of every session',
  usage: 'sessions usage [ID] --url URL [--prices FILE] [--json]',
  details: [
    'Usage is recorded by the advanced sessions (storeRunUsage); plain stores report none.',
    "Cost uses @sessions/core's default price table; rows of models without a price are",
    'counted and reported as unpriced, never costed at zero.',
  ].join('\n'),
  options: {
    url: urlOption,
    prices: pricesOption,
    json: jsonOption,
  },
  positionals: { min: 0, max: 1, what: 'the session ID' },
  async run(context) {
    const location = storeUrlOf(context);
    const id = context.positionals[0] === undefined ? undefined : sessionIdArgument(context.positionals[0]);
    const { io } = context;
    const prices = typeof context.values.prices === 'string' ? context.values.prices : undefined;
    await withStore(location, {}, async (store) => {
      const price = store.advanced ? await loadPricer(prices) : undefined;
      if (id !== undefined) {
        const result = await sessionUsage(store, id, price);
        if (context.values.json) return printJson(io, { ...result, recordsUsage: store.advanced });
        const turns = result.turns.map((t) => row(`${t.branchId} turn ${t.turn}`, t.usage));
        await write(io.stdout, `session ${result.sessionId}\n` + renderTable(['WHERE', ...HEADERS], [...turns, row('total', result.total)]) + notes(store, result.total));
        return;
      }
      const sessions: { sessionId: string; usage: UsageTotals }[] = [];
      let total = ZERO_USAGE;
      for (const sessionId of await store.allSessionIds()) {
        const { total: usage } = await sessionUsage(store, sessionId, price);
        sessions.push({ sessionId, usage });
        total = plusUsage(total, usage);
      }
      if (context.values.json) return printJson(io, { sessions, total, recordsUsage: store.advanced });
      await write(io.stdout, renderTable(['SESSION', ...HEADERS], [...sessions.map((s) => row(s.sessionId, s.usage)), row('total', total)]) + notes(store, total));
    });
  },
};
