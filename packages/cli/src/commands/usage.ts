import { jsonOption, urlOption, type Command } from '../command.js';
import { write } from '../io.js';
import { renderTable } from '../output/table.js';
import { addUsage, usageByBranch, usageKey, type UsageTotals } from '../session-view.js';
import type { Store } from '../stores/store.js';
import { printJson, requireSession, sessionIdArgument, storeUrlOf, withStore } from './shared.js';

const ZERO: UsageTotals = { runs: 0, requests: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0 };
const row = (label: string | number, u: UsageTotals) => [label, u.runs, u.requests, u.inputTokens, u.outputTokens, u.totalTokens];
const HEADERS = ['RUNS', 'REQUESTS', 'INPUT', 'OUTPUT', 'TOTAL'];

async function sessionUsage(store: Store, sessionId: string) {
  const record = await requireSession(store, sessionId);
  const perTurn = new Map<string, { branchId: string; turn: number; usage: UsageTotals }>();
  for (const usageRow of record.usage) {
    const { branchId, turn } = usageKey(usageRow);
    const key = `${branchId}\u0000${turn ?? 0}`;
    const entry = perTurn.get(key) ?? { branchId, turn: turn ?? 0, usage: ZERO };
    entry.usage = addUsage(entry.usage, usageRow);
    perTurn.set(key, entry);
  }
  const total = record.usage.reduce<UsageTotals>((sum, r) => addUsage(sum, r), ZERO);
  return {
    sessionId,
    total,
    branches: [...usageByBranch(record)].map(([branchId, usage]) => ({ branchId, usage })),
    turns: [...perTurn.values()],
  };
}

export const usageCommand: Command = {
  name: 'usage',
  summary: 'token usage of one session (per branch and turn) or of every session',
  usage: 'sessions usage [ID] --url URL [--json]',
  details: 'Usage is recorded by @sessions/advanced-sqlite (storeRunUsage); other stores report none.',
  options: { url: urlOption, json: jsonOption },
  positionals: { min: 0, max: 1, what: 'the session ID' },
  async run(context) {
    const location = storeUrlOf(context);
    const id = context.positionals[0];
    const { io } = context;
    await withStore(location, {}, async (store) => {
      const note = store.holds.usage ? '' : `(${store.kind} stores do not record usage)\n`;
      if (id !== undefined) {
        const result = await sessionUsage(store, sessionIdArgument(id));
        if (context.values.json) return printJson(io, { ...result, recordsUsage: store.holds.usage });
        const turns = result.turns.map((t) => row(`${t.branchId} turn ${t.turn}`, t.usage));
        await write(io.stdout, `session ${result.sessionId}\n` + renderTable(['WHERE', ...HEADERS], [...turns, row('total', result.total)]) + note);
        return;
      }
      const sessions: { sessionId: string; usage: UsageTotals }[] = [];
      let total = ZERO;
      for (const sessionId of await store.allSessionIds()) {
        const { total: usage } = await sessionUsage(store, sessionId);
        sessions.push({ sessionId, usage });
        total = { runs: total.runs + usage.runs, requests: total.requests + usage.requests, inputTokens: total.inputTokens + usage.inputTokens, outputTokens: total.outputTokens + usage.outputTokens, totalTokens: total.totalTokens + usage.totalTokens };
      }
      if (context.values.json) return printJson(io, { sessions, total, recordsUsage: store.holds.usage });
      await write(io.stdout, renderTable(['SESSION', ...HEADERS], [...sessions.map((s) => row(s.sessionId, s.usage)), row('total', total)]) + note);
    });
  },
};
