import { Usage } from '@openai/agents-core';
import { line, note } from '../print/output.js';
import { printSessionTotals, printUsageReport } from '../print/usage-report.js';
import { formatTokens } from '../print/usage.js';
import { hasBranching } from '../stores/capabilities.js';
import type { ChatContext } from './context.js';

export async function showUsage(ctx: ChatContext): Promise<void> {
  if (hasBranching(ctx.session)) {
    await printUsageReport(ctx.session, ctx.agent.modelName);
    return printSessionTotals(ctx.session);
  }
  const total = new Usage();
  for (const usage of ctx.runs) total.add(usage);
  line(`The ${ctx.store.kind} store does not record usage (use --store advanced-sqlite for usage and cost per turn).`);
  note(`Runs in this chat process so far: ${ctx.runs.length}; ${formatTokens(total)}.`);
}
