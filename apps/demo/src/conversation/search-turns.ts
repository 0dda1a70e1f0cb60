import { groupTurns, itemText, type AgentSession } from '@sessions/core';
import type { TurnLine } from '../print/turns.js';
import { hasBranching } from '../stores/capabilities.js';

export interface SearchResult {
  turns: TurnLine[];
  /** True when the store has no search and the demo scanned the session's items itself. */
  scanned: boolean;
}

/**
 * Turns whose text mentions `term`, case-insensitively: the store's own
 * search where it has one (an advanced store), else a scan of the items here.
 */
export async function searchTurns(session: AgentSession, term: string, branchId?: string): Promise<SearchResult> {
  if (hasBranching(session)) return { turns: await session.findTurnsByContent(term, { branchId }), scanned: false };
  const needle = term.toLocaleLowerCase();
  const turns = groupTurns(await session.getItems())
    .filter((t) => t.turn > 0 && t.items.some((item) => itemText(item).toLocaleLowerCase().includes(needle)))
    .map((t) => ({ turn: t.turn, content: itemText(t.items[0]) }));
  return { turns, scanned: true };
}
