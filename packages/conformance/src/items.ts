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

/** A compaction item as the Responses API returns it: the history before it, summarised and encrypted. */
export const compactionItem = (summary: string): SessionItem => ({ type: 'compaction', encrypted_content: summary });

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

/**
 * One turn of BENCHMARK.md's standard workload (4 items), tagged with `tag`
 * (the turn number in the benchmark, a writer-and-turn label in W7 tests).
 */
export function benchmarkTurn(tag: string | number): SessionItem[] {
  return [
    { type: 'message', role: 'user', content: `user message ${tag} ` + 'x'.repeat(200) },
    { type: 'function_call', callId: `c${tag}`, name: 'lookup', arguments: `{"q":"${tag}"}`, status: 'completed' },
    { type: 'function_call_result', callId: `c${tag}`, name: 'lookup', status: 'completed', output: { type: 'text', text: `result ${tag}` } },
    { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: `assistant reply ${tag} ` + 'y'.repeat(400) }] },
  ];
}
