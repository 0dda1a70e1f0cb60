import { UsageError, type DemoArgs } from '../cli/args.js';
import { runTurn } from '../conversation/run-turn.js';
import { printExchange } from '../print/exchange.js';
import { line, note } from '../print/output.js';
import { describeSetup, setUp } from './setup.js';

/** `ask QUESTION`: one turn on an existing (or new) session, as a separate process would do it. */
export async function ask(args: DemoArgs): Promise<void> {
  const question = args.rest.join(' ').trim();
  if (question === '') throw new UsageError('ask needs a question, e.g. pnpm demo ask "What is the weather in Paris?"');
  const demo = await setUp(args, { store: 'advanced-sqlite' });
  const sessionId = args.session ?? 'chat';
  const session = demo.store.open(sessionId);
  try {
    note(`process ${process.pid}: ${describeSetup(demo, sessionId)}`);
    const before = await session.getItems();
    line(`Opened session ${sessionId}: it holds ${before.length} items from earlier runs.`);
    const outcome = await runTurn(demo.agent, session, question);
    printExchange(question, outcome);
    line(`The session now holds ${before.length + 1 + outcome.newItems.length} items.`);
  } finally {
    await session.close();
    await demo.store.close();
  }
}
