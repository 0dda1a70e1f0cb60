import { line } from '../../print/output.js';
import { renderTable } from '../../print/table.js';
import type { TourStep } from '../tour-context.js';

export const sessionsStep: TourStep = {
  title: 'What the store holds',
  async run(ctx) {
    const sessions = await ctx.store.listSessions();
    const shown = sessions.slice(0, 8);
    line(`${sessions.length} session${sessions.length === 1 ? '' : 's'} in ${ctx.store.location}${sessions.length > shown.length ? ` (newest ${shown.length} shown)` : ''}:`);
    line(
      renderTable(
        ['session', 'items', 'updated', ''],
        shown.map((s) => [s.sessionId, Number(s.itemCount), String(s.updatedAt), s.sessionId === ctx.sessionId ? '← this tour' : '']),
      ),
    );
  },
};
