import { searchTurns } from '../conversation/search-turns.js';
import { line, note } from '../print/output.js';
import { printTurns } from '../print/turns.js';
import type { ChatContext } from './context.js';

export async function search(ctx: ChatContext, term: string): Promise<void> {
  if (term === '') return line('/search needs a term, e.g. /search weather');
  const result = await searchTurns(ctx.session, term);
  if (result.scanned) note(`(the ${ctx.store.kind} store has no search; the demo scanned this session's items itself)`);
  if (result.turns.length === 0) return line(`No turn mentions "${term}".`);
  printTurns(result.turns);
}
