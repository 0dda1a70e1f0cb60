import type { DemoArgs } from '../cli/args.js';
import { describeSetup, setUp } from '../commands/setup.js';
import { runTurn } from '../conversation/run-turn.js';
import { printExchange } from '../print/exchange.js';
import { line, note } from '../print/output.js';
import { bold } from '../print/style.js';
import { runCommand } from './commands.js';
import type { ChatContext } from './context.js';
import { stdinLines } from './line-source.js';

async function say(ctx: ChatContext, text: string): Promise<void> {
  const outcome = await runTurn(ctx.agent, ctx.session, text);
  ctx.runs.push(outcome.usage);
  printExchange(text, outcome, { showQuestion: false });
}

/**
 * `chat`: messages go to the agent, `/commands` look into and change the
 * session. Returns 1 when a piped script hit an error, so scripts notice.
 */
export async function chat(args: DemoArgs): Promise<number> {
  const demo = await setUp(args, { store: 'advanced-sqlite' });
  const sessionId = args.session ?? 'chat';
  const ctx: ChatContext = { ...demo, sessionId, session: demo.store.open(sessionId), runs: [] };
  const input = stdinLines();
  let failures = 0;
  try {
    line(bold('sessions demo chat'));
    note(describeSetup(demo, sessionId));
    if (args.reset) await ctx.session.clearSession();
    const held = (await ctx.session.getItems()).length;
    line(held === 0 ? 'New conversation. /help lists the commands.' : `Continuing: the session holds ${held} items. /help lists the commands.`);
    input.prompt();
    for await (const raw of input.lines) {
      const text = raw.trim();
      if (text !== '') {
        if (!input.interactive) line(`you> ${text}`);
        try {
          if (text.startsWith('/')) {
            if ((await runCommand(ctx, text)) === 'exit') break;
          } else {
            await say(ctx, text);
          }
        } catch (error) {
          failures++;
          line(`error: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      input.prompt();
    }
  } finally {
    input.close();
    await ctx.session.close();
    await demo.store.close();
  }
  return !input.interactive && failures > 0 ? 1 : 0;
}
