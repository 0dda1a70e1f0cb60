import { DEFAULT_PRICES, costOf, priceFor } from '@sessions/advanced-sqlite';
import type { BranchingSession } from '../stores/capabilities.js';
import { oneLine } from './items.js';
import { line, note } from './output.js';
import { renderTable } from './table.js';
import { formatCost, formatTokens } from './usage.js';

/**
 * Usage and cost of a branch (the current one by default), turn by turn.
 * Per-turn cost is priced here with the package's price table, as
 * `getUsageStats` prices the session total.
 */
export async function printUsageReport(session: BranchingSession, modelName: string, branch?: string): Promise<void> {
  const branchId = branch ?? (await session.getCurrentBranchId());
  const [turns, perTurn] = await Promise.all([session.getConversationTurns({ branchId }), session.getTurnUsage(undefined, { branchId })]);
  const price = priceFor(modelName, DEFAULT_PRICES);
  const question = new Map(turns.map((t) => [t.turn, t.content]));
  if (perTurn.length === 0) {
    line(`No usage recorded on branch ${branchId} yet.`);
  } else {
    line(`Branch ${branchId}, per turn (priced as ${modelName}):`);
    line(
      renderTable(
        ['turn', 'question', 'requests', 'input', 'cached', 'output', 'total', 'cost'],
        perTurn.map((u) => [
          u.turn,
          oneLine(question.get(u.turn) ?? '', 40),
          u.requests,
          u.inputTokens,
          u.cachedInputTokens,
          u.outputTokens,
          u.totalTokens,
          price ? formatCost(costOf(u, price)) : 'unpriced',
        ]),
      ),
    );
  }
  const inherited = turns.filter((t) => !perTurn.some((u) => u.turn === t.turn)).map((t) => t.turn);
  if (inherited.length > 0) {
    note(`(no usage recorded on this branch for turn${inherited.length === 1 ? '' : 's'} ${inherited.join(', ')}: inherited turns count on the branch that ran them)`);
  }
}

/** Runs, tokens and cost of the whole session, every branch, as the store's getUsageStats prices them. */
export async function printSessionTotals(session: BranchingSession): Promise<void> {
  const stats = await session.getUsageStats();
  line(
    `Whole session, all branches: ${stats.totalRuns} runs, ` +
      formatTokens({ requests: stats.totalRequests, inputTokens: stats.totalInputTokens, outputTokens: stats.totalOutputTokens, totalTokens: stats.totalTokens }) +
      `, cost ${formatCost(stats.totalCost)}` +
      (stats.unpricedRuns > 0 ? ` (+${stats.unpricedRuns} unpriced runs: ${stats.unpricedModels.map((m) => m ?? 'no model name').join(', ')})` : ''),
  );
}
