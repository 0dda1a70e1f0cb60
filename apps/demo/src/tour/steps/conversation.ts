import { runTurn } from '../../conversation/run-turn.js';
import { printExchange } from '../../print/exchange.js';
import { line, note } from '../../print/output.js';
import type { TourStep } from '../tour-context.js';

export const FIRST_QUESTIONS = [
  'What city is the Golden Gate Bridge in?',
  'What state is it in?',
  "What's the weather like there right now?",
];

export const conversationStep: TourStep = {
  title: 'A conversation over three turns, with a tool call',
  async run(ctx) {
    note('Each question goes through the @openai/agents runner with the session: the runner reads the');
    note('history from the store, sends it to the model with the question, and stores what the run adds.');
    note('Turns 1 and 2 are issue 2\'s first demo (also on its own: pnpm demo golden-gate).');
    for (const question of FIRST_QUESTIONS) {
      const outcome = await runTurn(ctx.agent, ctx.session, question);
      line();
      printExchange(question, outcome);
    }
    line();
    line(`"it" in turn 2 and "there" in turn 3 were resolved from the stored history; turn 3 called get_weather,`);
    line(`and the call and its result are stored items too: the session holds ${(await ctx.session.getItems()).length} items.`);
  },
};
