import { Agent, Usage, run, setTracingDisabled, tool } from '@openai/agents';
import { ScriptedModel, assistantMessage, functionCall } from '@openai/agents-core/testing';
import type { AgentSession, SessionItem } from '@sessions/core';
import { z } from 'zod';

setTracingDisabled(true);

const weather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `Sunny and 21°C in ${city}`,
});

const usage = (input: number, output: number) => new Usage({ requests: 1, inputTokens: input, outputTokens: output, totalTokens: input + output });

/**
 * One turn on the real runner with a scripted model: a weather tool call and
 * its result, then an answer. Returns the RunResult (for storeRunUsage).
 */
export async function askWeather(session: AgentSession, question: string, city: string, callId: string) {
  const model = new ScriptedModel([
    { output: [functionCall('get_weather', { city }, { callId })], usage: usage(120, 15) },
    { output: [assistantMessage(`It is sunny in ${city}. (${question})`)], usage: usage(160, 25) },
  ]);
  const agent = new Agent({ name: 'Weather', instructions: 'Answer weather questions.', model, tools: [weather] });
  return run(agent, question, { session });
}

/** One plain turn: a question and a scripted answer. */
export async function askPlain(session: AgentSession, question: string, answer: string) {
  const model = new ScriptedModel([{ output: [assistantMessage(answer)], usage: usage(80, 12) }]);
  const agent = new Agent({ name: 'Chat', instructions: 'Be brief.', model });
  return run(agent, question, { session });
}

/** Items that catch lossy copies: NUL and other control characters, emoji, RTL text, big and float numbers, nesting, key order. */
export function trickyItems(tag: string): SessionItem[] {
  return [
    { role: 'system', content: `system prompt for ${tag}` } as SessionItem,
    { type: 'message', role: 'user', content: `nul:\u0000 tab:\t newline:\n quote:" emoji:🦄 rtl:שלום ${tag}` },
    {
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'zürich ümlaut 東京 \u2028 line-sep', annotations: [] }],
      providerData: { z: 1, a: [1.5, -0, 1e21, 12345678901234], nested: { deep: { deeper: [null, true, false, ''] } } },
    } as unknown as SessionItem,
    { type: 'function_call', callId: `c-${tag}`, name: 'lookup', arguments: '{"q":"50% off_sale"}', status: 'completed' },
    { type: 'function_call_result', callId: `c-${tag}`, name: 'lookup', status: 'completed', output: { type: 'text', text: 'found: 100%' } },
  ];
}
