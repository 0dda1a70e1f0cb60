/**
 * The turn model, as pure functions over stored items. A user message opens a
 * turn; turns are numbered from 1; items before the first user message are
 * turn 0.
 */

export type ItemKind =
  | 'user'
  | 'assistant'
  | 'system'
  | 'function_call'
  | 'function_call_result'
  | 'hosted_tool_call'
  | 'computer_call'
  | 'computer_call_result'
  | 'shell_call'
  | 'shell_call_output'
  | 'apply_patch_call'
  | 'apply_patch_call_output'
  | 'tool_search_call'
  | 'tool_search_output'
  | 'program_call'
  | 'program_output'
  | 'reasoning'
  | 'compaction'
  | 'other';

type Loose = Record<string, unknown>;

const TYPE_TO_KIND: Record<string, ItemKind> = {
  function_call: 'function_call',
  function_call_result: 'function_call_result',
  function_call_output: 'function_call_result',
  hosted_tool_call: 'hosted_tool_call',
  computer_call: 'computer_call',
  computer_call_result: 'computer_call_result',
  computer_call_output: 'computer_call_result',
  shell_call: 'shell_call',
  shell_call_output: 'shell_call_output',
  apply_patch_call: 'apply_patch_call',
  apply_patch_call_output: 'apply_patch_call_output',
  tool_search_call: 'tool_search_call',
  tool_search_output: 'tool_search_output',
  program: 'program_call',
  program_call: 'program_call',
  program_output: 'program_output',
  reasoning: 'reasoning',
  compaction: 'compaction',
};

const ROLE_TO_KIND: Record<string, ItemKind> = {
  user: 'user',
  assistant: 'assistant',
  system: 'system',
  developer: 'system',
};

/** The kind of an item: its role for messages, its type otherwise. */
export function itemKind(item: unknown): ItemKind {
  if (item === null || typeof item !== 'object') return 'other';
  const { type, role } = item as Loose;
  if ((type === undefined || type === 'message') && typeof role === 'string') return ROLE_TO_KIND[role] ?? 'other';
  return typeof type === 'string' ? (TYPE_TO_KIND[type] ?? 'other') : 'other';
}

/** True for the item that opens a user turn: a user message. */
export function opensUserTurn(item: unknown): boolean {
  return itemKind(item) === 'user';
}

/** True for items that call a tool or carry a tool's result. */
export function isToolItem(item: unknown): boolean {
  const kind = itemKind(item);
  return kind !== 'user' && kind !== 'assistant' && kind !== 'system' && kind !== 'reasoning' && kind !== 'compaction' && kind !== 'other';
}

/** The tool an item calls or answers for, or `undefined` for items that are not tool items. */
export function toolName(item: unknown): string | undefined {
  if (!isToolItem(item)) return undefined;
  const loose = item as Loose;
  if (typeof loose.name === 'string' && loose.name.length > 0) return loose.name;
  const kind = itemKind(item);
  if (kind === 'computer_call' || kind === 'computer_call_result') return 'computer';
  if (kind === 'shell_call' || kind === 'shell_call_output') return 'shell';
  if (kind === 'apply_patch_call' || kind === 'apply_patch_call_output') return 'apply_patch';
  if (kind === 'tool_search_call' || kind === 'tool_search_output') return 'tool_search';
  return kind;
}

function partText(part: unknown): string | undefined {
  if (typeof part === 'string') return part;
  if (part === null || typeof part !== 'object') return undefined;
  const loose = part as Loose;
  if (typeof loose.text === 'string') return loose.text;
  if (typeof loose.refusal === 'string') return loose.refusal;
  return undefined;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(partText).filter((t): t is string => t !== undefined).join('\n');
  return partText(content) ?? '';
}

/**
 * The human-readable text of an item, as a person reading the conversation
 * sees it: message text, a tool call's arguments, a tool result's output.
 * Used for previews and content search instead of the raw JSON.
 */
export function itemText(item: unknown): string {
  if (item === null || typeof item !== 'object') return '';
  const loose = item as Loose;
  switch (itemKind(item)) {
    case 'user':
    case 'assistant':
    case 'system':
      return contentText(loose.content);
    case 'function_call':
    case 'hosted_tool_call':
      return typeof loose.arguments === 'string' ? loose.arguments : '';
    case 'function_call_result':
    case 'shell_call_output':
    case 'apply_patch_call_output':
    case 'program_output':
      return contentText(loose.output);
    case 'reasoning':
      return contentText(loose.content);
    default:
      return '';
  }
}

/** Turn number of each item, in order: 0 until the first user message, then 1, 2, ... */
export function turnNumbers(items: readonly unknown[], startTurn = 0): number[] {
  let turn = startTurn;
  return items.map((item) => (opensUserTurn(item) ? ++turn : turn));
}

export interface Turn<TItem = unknown> {
  turn: number;
  items: TItem[];
}

/** Groups items into turns (turn 0 first when present). */
export function groupTurns<TItem>(items: readonly TItem[]): Turn<TItem>[] {
  const turns: Turn<TItem>[] = [];
  const numbers = turnNumbers(items);
  items.forEach((item, i) => {
    const turn = numbers[i]!;
    const last = turns[turns.length - 1];
    if (last && last.turn === turn) last.items.push(item);
    else turns.push({ turn, items: [item] });
  });
  return turns;
}
