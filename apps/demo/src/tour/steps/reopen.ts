import { describeHistory } from '../../print/items.js';
import { indent, line, note } from '../../print/output.js';
import { runDemoProcess } from '../child-process.js';
import type { TourStep } from '../tour-context.js';

export const FOLLOW_UP = 'Do I need a jacket there tonight?';

export const reopenStep: TourStep = {
  title: 'Another process picks the conversation up',
  async run(ctx) {
    // Let go of this process's session object, as a process that ends would.
    await ctx.session.close();
    const args = ['ask', FOLLOW_UP, ...ctx.store.flags, '--session', ctx.sessionId, ...(ctx.args.model ? ['--model', ctx.args.model] : [])];
    note(`Running: pnpm demo ask "${FOLLOW_UP}" --session ${ctx.sessionId}   (a new Node process)`);
    const child = await runDemoProcess(args);
    line(indent(child.stdout.trimEnd(), '│ '));
    if (child.code !== 0) throw new Error(`the second process failed (exit ${child.code}): ${child.stderr.trim()}`);

    ctx.session = ctx.store.open(ctx.sessionId);
    const items = await ctx.session.getItems();
    line();
    line(`Back in the first process, a new session object on the same id reads all ${items.length} items, the other process's turn included:`);
    for (const text of describeHistory(items)) line(indent(text));
  },
};
