import { groupTurns, itemText } from '@sessions/core';
import { oneLine } from '../print/items.js';
import { line, note } from '../print/output.js';
import { printTurns } from '../print/turns.js';
import { hasBranching } from '../stores/capabilities.js';
import type { ChatContext } from './context.js';

export async function search(ctx: ChatContext, term: string): Promise<void> {
  if (term === '') return line('/search needs a term, e.g. /search weather');
  if (hasBranching(ctx.session)) {
    const turns = await ctx.session.findTurnsByContent(term);
    if (turns.length === 0) return line(`No turn mentions "${term}".`);
    return printTurns(turns);
  }
  // Stores without a search API: scan this session's text here, case-insensitively.
  const needle = term.toLocaleLowerCase();
  const hits = groupTurns(await ctx.session.getItems()).filter(
    (t) => t.turn > 0 && t.items.some((item) => itemText(item).toLocaleLowerCase().includes(needle)),
  );
  note(`(the ${ctx.store.kind} store has no search; the demo scanned this session's items itself)`);
  if (hits.length === 0) return line(`No turn mentions "${term}".`);
  printTurns(hits.map((t) => ({ turn: t.turn, content: oneLine(itemText(t.items[0])) })));
}
