import { line } from '../../print/output.js';
import { printSessions } from '../../print/sessions.js';
import type { TourStep } from '../tour-context.js';

export const sessionsStep: TourStep = {
  title: 'What the store holds',
  async run(ctx) {
    const sessions = await ctx.store.listSessions();
    const shown = sessions.slice(0, 8);
    line(`${sessions.length} session${sessions.length === 1 ? '' : 's'} in ${ctx.store.location}${sessions.length > shown.length ? ` (newest ${shown.length} shown)` : ''}:`);
    printSessions(shown, ctx.sessionId, 'this tour');
  },
};
