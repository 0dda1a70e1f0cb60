import type { TurnOutcome } from '../conversation/run-turn.js';
import { describeItem } from './items.js';
import { line } from './output.js';
import { dim } from './style.js';
import { formatTokens } from './usage.js';

/** A question and what the run added: tool calls, tool results, the answer, then its usage. */
export function printExchange(question: string, outcome: TurnOutcome, options: { showQuestion?: boolean } = {}): void {
  if (options.showQuestion !== false) line(describeItem({ role: 'user', content: question }));
  for (const item of outcome.newItems) line(describeItem(item));
  line(dim(`        (${formatTokens(outcome.usage)})`));
}
