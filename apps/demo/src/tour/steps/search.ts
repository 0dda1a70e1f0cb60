import { MAIN_BRANCH } from '@sessions/advanced-sqlite';
import { searchTurns } from '../../conversation/search-turns.js';
import { line, note } from '../../print/output.js';
import { printTurns } from '../../print/turns.js';
import type { TourContext, TourStep } from '../tour-context.js';

async function show(ctx: TourContext, term: string, branchId: string | undefined): Promise<void> {
  const where = branchId === undefined ? '' : ` on ${branchId}`;
  const result = await searchTurns(ctx.session, term, branchId);
  line();
  line(`Turns mentioning "${term}"${where}:`);
  if (result.scanned) note(`(the ${ctx.store.kind} store has no search; the demo scanned the items itself)`);
  if (result.turns.length === 0) line('(none)');
  else printTurns(result.turns);
}

export const searchStep: TourStep = {
  title: 'Content search',
  async run(ctx) {
    note('Search looks at the text people read (messages, tool arguments and results), not the raw JSON,');
    note('case-insensitively.');
    const main = ctx.branchId === undefined ? undefined : MAIN_BRANCH;
    await show(ctx, 'weather', main);
    await show(ctx, 'FOG', main);
    if (ctx.branchId !== undefined) await show(ctx, 'golden gate', ctx.branchId);
  },
};
