import type { SessionItem } from '@sessions/core';

/** Small builders for items in the `@openai/agents` shape. */
export const userMessage = (text: string): SessionItem => ({ type: 'message', role: 'user', content: text });

export const assistantMessage = (text: string): SessionItem => ({
  type: 'message',
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'output_text', text }],
});

export const functionCallItem = (callId: string, name: string, args: string): SessionItem => ({
  type: 'function_call',
  callId,
  name,
  arguments: args,
  status: 'completed',
});

export const functionResultItem = (callId: string, name: string, text: string): SessionItem => ({
  type: 'function_call_result',
  callId,
  name,
  status: 'completed',
  output: { type: 'text', text },
});

/** `count` distinct user messages tagged with `tag`, for ordering checks. */
export function numberedItems(count: number, tag = 'item'): SessionItem[] {
  return Array.from({ length: count }, (_, i) => userMessage(`${tag} ${i}`));
}

/** The text of a user message built by `userMessage`, for compact assertions. */
export function textOf(item: SessionItem | undefined): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const content = (item as { content?: unknown }).content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return (content[0] as { text?: string } | undefined)?.text;
  return undefined;
}
