import type { DemoArgs } from '../cli/args.js';
import { runTurn } from '../conversation/run-turn.js';
import { printExchange } from '../print/exchange.js';
import { line, note } from '../print/output.js';
import { bold } from '../print/style.js';
import { describeSetup, setUp } from './setup.js';

export const GOLDEN_GATE_QUESTIONS = ['What city is the Golden Gate Bridge in?', 'What state is it in?'];

/**
 * The first demo (issue 2): the two-question conversation on a SQLite file.
 * Each run adds to the stored conversation, so a second run continues it and
 * the model sees the first run's questions and answers.
 */
export async function goldenGate(args: DemoArgs): Promise<void> {
  const demo = await setUp(args, { store: 'sqlite', file: 'conversations.db' });
  const sessionId = args.session ?? 'conversation_123';
  const session = demo.store.open(sessionId);
  try {
    line(bold('Golden Gate: two questions, one stored conversation'));
    note(describeSetup(demo, sessionId));
    if (args.reset) await session.clearSession();
    const before = (await session.getItems()).length;
    line(
      before === 0
        ? 'A new conversation.'
        : `This session already holds ${before} items from earlier runs: the agent continues that conversation.`,
    );
    for (const question of GOLDEN_GATE_QUESTIONS) {
      const outcome = await runTurn(demo.agent, session, question);
      line();
      note(`(the runner sent the model the ${outcome.historyLength} stored items before this question)`);
      printExchange(question, outcome);
    }
    const after = (await session.getItems()).length;
    line();
    line(`The session now holds ${after} items. Run \`pnpm demo golden-gate\` again and the model will see all of them.`);
  } finally {
    await session.close();
    await demo.store.close();
  }
}
