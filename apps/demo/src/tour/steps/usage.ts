import { MAIN_BRANCH } from '@sessions/advanced-sqlite';
import { line, note, warn } from '../../print/output.js';
import { printSessionTotals, printUsageReport } from '../../print/usage-report.js';
import { tracksUsage } from '../../stores/capabilities.js';
import type { TourStep } from '../tour-context.js';

export const usageStep: TourStep = {
  title: 'Usage and cost per turn',
  async run(ctx) {
    const session = ctx.session;
    if (!tracksUsage(session)) {
      warn(`Skipped: the ${ctx.store.kind} store does not record usage. The default store, advanced-sqlite, does.`);
      return;
    }
    note('After each run the demo calls storeRunUsage(result): the run\'s requests and tokens are added to its turn.');
    note(
      ctx.agent.offline
        ? `The offline model reports token counts sized like a real model's and names itself ${ctx.agent.modelName}, so it is priced as that.`
        : `Priced with the package's default price table for ${ctx.agent.modelName}.`,
    );
    line();
    await printUsageReport(session, ctx.agent.modelName, MAIN_BRANCH);
    if (ctx.branchId !== undefined) {
      line();
      await printUsageReport(session, ctx.agent.modelName, ctx.branchId);
    }
    line();
    await printSessionTotals(session);
  },
};
