import { randomBytes } from 'node:crypto';
import { UsageError, type DemoArgs } from '../cli/args.js';
import { describeSetup, setUp } from '../commands/setup.js';
import { line, note, stepHeading } from '../print/output.js';
import { bold } from '../print/style.js';
import { branchStep } from './steps/branch.js';
import { branchesStep } from './steps/branches.js';
import { conversationStep } from './steps/conversation.js';
import { reopenStep } from './steps/reopen.js';
import { searchStep } from './steps/search.js';
import { sessionsStep } from './steps/sessions.js';
import { usageStep } from './steps/usage.js';
import type { TourContext, TourStep } from './tour-context.js';

export const TOUR_STEPS: TourStep[] = [conversationStep, reopenStep, branchStep, branchesStep, usageStep, searchStep, sessionsStep];

/** A new id per run, so the tour can run again and again on the same file. */
function freshSessionId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return `tour_${stamp}_${randomBytes(2).toString('hex')}`;
}

/** `pnpm demo`: every step runs without input, on the chosen store, and prints what it does. */
export async function tour(args: DemoArgs): Promise<number> {
  const demo = await setUp(args, { store: 'advanced-sqlite' });
  const sessionId = args.session ?? freshSessionId();
  const ctx: TourContext = { ...demo, args, sessionId, session: demo.store.open(sessionId) };
  try {
    const held = (await ctx.session.getItems()).length;
    if (held > 0) throw new UsageError(`session ${sessionId} already holds ${held} items; the tour needs a new one (leave --session out for a fresh id)`);
    line(bold('sessions demo: the tour'));
    note(describeSetup(demo, sessionId));
    for (const [i, step] of TOUR_STEPS.entries()) {
      stepHeading(i + 1, TOUR_STEPS.length, step.title);
      await step.run(ctx);
    }
    line();
    line(bold('Tour complete.'));
    const where = [args.store && `--store ${args.store}`, args.db && `--db ${args.db}`, args.url && `--url ${args.url}`].filter(Boolean).join(' ');
    line(`Keep talking to this conversation:  pnpm demo chat --session ${sessionId}${where ? ` ${where}` : ''}`);
    line('Start your own:                     pnpm demo chat        (/help lists the commands)');
    return 0;
  } finally {
    await ctx.session.close();
    await demo.store.close();
  }
}
