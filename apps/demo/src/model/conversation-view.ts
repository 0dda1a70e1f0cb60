import { itemKind, itemText } from '@sessions/core';

/** What the offline model looks at in a request: the question, the history before it, and this turn's tool results. */
export interface ConversationView {
  /** Text of the newest user message. */
  question: string;
  /** Earlier user questions, oldest first. */
  earlierQuestions: string[];
  /** Text of every message and tool result before the newest user message, oldest first. */
  history: string[];
  /** Outputs of the tool calls made since the newest user message, oldest first. */
  toolResults: { name: string; output: string }[];
}

export function viewOf(input: unknown): ConversationView {
  const items: unknown[] = typeof input === 'string' ? [{ role: 'user', content: input }] : Array.isArray(input) ? input : [];
  let lastUser = -1;
  items.forEach((item, i) => {
    if (itemKind(item) === 'user') lastUser = i;
  });
  const before = lastUser === -1 ? items : items.slice(0, lastUser);
  const after = lastUser === -1 ? [] : items.slice(lastUser + 1);
  return {
    question: lastUser === -1 ? '' : itemText(items[lastUser]).trim(),
    earlierQuestions: before.filter((item) => itemKind(item) === 'user').map((item) => itemText(item).trim()),
    history: before.map((item) => itemText(item)).filter((text) => text.length > 0),
    toolResults: after
      .filter((item) => itemKind(item) === 'function_call_result')
      .map((item) => ({ name: String((item as { name?: unknown }).name ?? ''), output: itemText(item) })),
  };
}
