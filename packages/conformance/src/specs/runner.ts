import { Agent, run, setTracingDisabled, tool } from '@openai/agents';
import { ScriptedModel, assistantMessage, functionCall } from '@openai/agents-core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Harness } from '../harness.js';

setTracingDisabled(true);

function inputTexts(input: unknown): string {
  return JSON.stringify(input);
}

export function runnerSpec(h: Harness): void {
  describe.skipIf(h.target.capabilities?.skipRunner)('@openai/agents runner', () => {
    it('a second run sees the first run’s history in its model input', async () => {
      const { session, id, inherited } = await h.open();
      const model = new ScriptedModel([[assistantMessage('San Francisco')], [assistantMessage('California')]]);
      const agent = new Agent({ name: 'Assistant', instructions: 'Reply concisely.', model });

      const r1 = await run(agent, 'What city is the Golden Gate Bridge in?', { session });
      expect(r1.finalOutput).toBe('San Francisco');
      const again = await h.connect(id);
      const r2 = await run(agent, 'What state is it in?', { session: again });
      expect(r2.finalOutput).toBe('California');

      const secondInput = inputTexts(model.calls[1]!.request.input);
      expect(secondInput).toContain('What city is the Golden Gate Bridge in?');
      expect(secondInput).toContain('San Francisco');
      expect(secondInput).toContain('What state is it in?');

      const items = (await session.getItems()).slice(inherited.length);
      expect(items).toHaveLength(4);
      expect(items[0]).toMatchObject({ role: 'user', content: 'What city is the Golden Gate Bridge in?' });
      expect(items[1]).toMatchObject({ role: 'assistant' });
      expect(items[2]).toMatchObject({ role: 'user', content: 'What state is it in?' });
      expect(JSON.stringify(items[3])).toContain('California');
      model.assertComplete();
    });

    it('a run with a tool call persists the call and its result', async () => {
      const { session, inherited } = await h.open();
      const getWeather = tool({
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: z.object({ city: z.string() }),
        execute: async ({ city }) => `Sunny in ${city}, 21°C`,
      });
      const model = new ScriptedModel([
        [functionCall('get_weather', { city: 'Paris' }, { callId: 'call_weather_1' })],
        [assistantMessage('It is sunny in Paris.')],
      ]);
      const agent = new Agent({ name: 'Weather', instructions: 'Use tools.', model, tools: [getWeather] });
      const result = await run(agent, 'Weather in Paris?', { session });
      expect(result.finalOutput).toBe('It is sunny in Paris.');

      const items = (await session.getItems()).slice(inherited.length);
      const call = items.find((i) => (i as { type?: string }).type === 'function_call');
      const output = items.find((i) => (i as { type?: string }).type === 'function_call_result');
      expect(call).toMatchObject({ type: 'function_call', callId: 'call_weather_1', name: 'get_weather' });
      expect(output).toMatchObject({ type: 'function_call_result', callId: 'call_weather_1', name: 'get_weather' });
      expect(JSON.stringify(output)).toContain('Sunny in Paris');
      expect(items.indexOf(call!)).toBeLessThan(items.indexOf(output!));
      model.assertComplete();
    });
  });
}
