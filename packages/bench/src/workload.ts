import type { SessionItem } from '@sessions/core';

/** One turn of BENCHMARK.md: 4 items in the @openai/agents shape. */
export function turnItems(i: number): SessionItem[] {
  return [
    { type: 'message', role: 'user', content: `user message ${i} ` + 'x'.repeat(200) },
    { type: 'function_call', callId: `c${i}`, name: 'lookup', arguments: `{"q":"${i}"}`, status: 'completed' },
    { type: 'function_call_result', callId: `c${i}`, name: 'lookup', status: 'completed', output: { type: 'text', text: `result ${i}` } },
    { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: `assistant reply ${i} ` + 'y'.repeat(400) }] },
  ];
}

export const W1_TURNS = 500;
export const W2_READS = 100;
export const W2_LIMIT = 50;
export const W4_POPS = 100;
export const W6_SESSIONS = 1000;
export const W6_TURNS = 10;
