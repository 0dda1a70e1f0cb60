import { MAIN_BRANCH } from '@sessions/advanced-sqlite';
import { printBranches } from '../../print/branches.js';
import { line, warn } from '../../print/output.js';
import { printTurns } from '../../print/turns.js';
import { hasBranching } from '../../stores/capabilities.js';
import type { TourStep } from '../tour-context.js';

export const branchesStep: TourStep = {
  title: 'The branch list',
  async run(ctx) {
    const session = ctx.session;
    if (!hasBranching(session) || ctx.branchId === undefined) {
      warn(`Skipped: the ${ctx.store.kind} store has no branches.`);
      return;
    }
    printBranches(await session.listBranches());
    line();
    line(`${MAIN_BRANCH} is untouched by the branch's run:`);
    printTurns(await session.getConversationTurns({ branchId: MAIN_BRANCH }));
    line();
    // A branch id is also a session id: a new object on it continues that branch.
    const handle = ctx.store.open(ctx.branchId);
    try {
      line(`A new session object opened on the id ${ctx.branchId} reads the branch: ${(await handle.getItems()).length} items.`);
    } finally {
      await handle.close();
    }
  },
};
