import { heldTurns } from '../../chat/branch-commands.js';
import { runTurn } from '../../conversation/run-turn.js';
import { printExchange } from '../../print/exchange.js';
import { line, note, warn } from '../../print/output.js';
import { printTurns } from '../../print/turns.js';
import { hasBranching } from '../../stores/capabilities.js';
import type { TourStep } from '../tour-context.js';

export const BRANCH_TURN = 2;
export const BRANCH_QUESTION = 'How long is it?';

export const branchStep: TourStep = {
  title: `A branch from turn ${BRANCH_TURN}, asked differently`,
  async run(ctx) {
    const session = ctx.session;
    if (!hasBranching(session)) {
      warn(`Skipped: the ${ctx.store.kind} store has no branches. Run the tour with --store advanced-sqlite (the default), postgres or mysql to see them.`);
      return;
    }
    note(`createBranchFromTurn(${BRANCH_TURN}) makes a branch holding ${heldTurns(BRANCH_TURN)} of the current branch, so turn ${BRANCH_TURN}`);
    note('can be asked differently, and switches to it. Nothing is copied: the branch points at the history it shares.');
    ctx.branchId = await session.createBranchFromTurn(BRANCH_TURN);
    line(`Created and switched to ${ctx.branchId}.`);
    line();
    const outcome = await runTurn(ctx.agent, session, BRANCH_QUESTION);
    printExchange(BRANCH_QUESTION, outcome);
    line();
    line(`"it" is still the Golden Gate Bridge: the branch kept turn 1. Its turns now:`);
    printTurns(await session.getConversationTurns());
  },
};
