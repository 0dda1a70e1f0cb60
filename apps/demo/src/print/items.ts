import { itemKind, itemText, toolName } from '@sessions/core';
import { dim, green, magenta } from './style.js';

function oneLine(text: string, max = Number.POSITIVE_INFINITY): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** One stored item as a person reads it: who said it and what (messages in full, tool payloads cut short). */
export function describeItem(item: unknown): string {
  const kind = itemKind(item);
  const text = oneLine(itemText(item), kind === 'user' || kind === 'assistant' ? undefined : 110);
  switch (kind) {
    case 'user':
      return `${green('you  ')}   ${text}`;
    case 'assistant':
      return `${magenta('agent')}   ${text}`;
    case 'function_call':
      return `${dim('tool →')}  ${toolName(item)}(${text})`;
    case 'function_call_result':
      return `${dim('tool ←')}  ${toolName(item)}: ${text}`;
    case 'system':
      return `${dim('system')}  ${text}`;
    default:
      return `${dim(kind)}  ${text}`;
  }
}

/** Items numbered by turn, as `/history` and the tour print them. */
export function describeHistory(items: readonly unknown[]): string[] {
  let turn = 0;
  return items.map((item) => {
    if (itemKind(item) === 'user') turn++;
    return `${dim(`[${String(turn).padStart(2)}]`)} ${describeItem(item)}`;
  });
}

export { oneLine };
