import type { TurnSummary } from '../stores/capabilities.js';
import { oneLine } from './items.js';
import { line } from './output.js';
import { renderTable } from './table.js';

/** Turns as a table: number and the question that opened it. */
export function printTurns(turns: readonly TurnSummary[]): void {
  if (turns.length === 0) return line('(no turns yet)');
  line(renderTable(['turn', 'question'], turns.map((t) => [t.turn, oneLine(t.content, 70)])));
}
