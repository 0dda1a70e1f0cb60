import { oneLine } from './items.js';
import { line } from './output.js';
import { renderTable } from './table.js';

/** A turn as the stores report it: its number and the question that opened it. */
export interface TurnLine {
  turn: number;
  content: string;
}

export function printTurns(turns: readonly TurnLine[]): void {
  if (turns.length === 0) return line('(no turns yet)');
  line(renderTable(['turn', 'question'], turns.map((t) => [t.turn, oneLine(t.content, 70)])));
}
