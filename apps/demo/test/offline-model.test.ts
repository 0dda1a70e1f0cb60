import { run } from '@openai/agents';
import { MemorySession, itemKind } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { createAgent } from '../src/agent.js';
import { viewOf } from '../src/model/conversation-view.js';
import { decideReply } from '../src/model/replies.js';
import { OfflineModel } from '../src/model/offline-model.js';

describe('the offline model answers from the request it is sent', () => {
  it('answers the Golden Gate pair, the second only because the history names San Francisco', async () => {
    const { agent } = createAgent();
    const session = new MemorySession('golden-gate');
    const r1 = await run(agent, 'What city is the Golden Gate Bridge in?', { session });
    expect(r1.finalOutput).toContain('San Francisco');
    const r2 = await run(agent, 'What state is it in?', { session });
    expect(r2.finalOutput).toContain('California');

    const fresh = await run(createAgent().agent, 'What state is it in?', { session: new MemorySession('no-history') });
    expect(fresh.finalOutput).not.toContain('California');
  });

  it('calls the weather tool, then answers with its result; both are stored', async () => {
    const { agent } = createAgent();
    const session = new MemorySession('weather');
    const result = await run(agent, "What's the weather in Paris?", { session });
    expect(result.finalOutput).toMatch(/Paris.*21°C.*sunshine/);
    const items = await session.getItems();
    expect(items.map(itemKind)).toEqual(['user', 'function_call', 'function_call_result', 'assistant']);
    expect(items[1]).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: JSON.stringify({ city: 'Paris', unit: 'celsius' }) });
    expect(JSON.stringify(items[2])).toContain('sunshine');
  });

  it('resolves "there" from history, and asks which city when there is none', () => {
    const history = [
      { role: 'user', content: 'What city is the Golden Gate Bridge in?' },
      { role: 'assistant', content: [{ type: 'output_text', text: 'The Golden Gate Bridge is in San Francisco.' }] },
      { role: 'user', content: 'Will it rain there?' },
    ];
    expect(decideReply(viewOf(history))).toMatchObject({ type: 'call', args: { city: 'San Francisco' } });
    expect(decideReply(viewOf('Will it rain there?'))).toEqual({ type: 'say', text: 'Which city should I look up the weather for?' });
  });

  it('says "As I said before" to a question asked earlier in the conversation', () => {
    const view = viewOf([
      { role: 'user', content: 'What city is the Golden Gate Bridge in?' },
      { role: 'assistant', content: [{ type: 'output_text', text: 'The Golden Gate Bridge is in San Francisco.' }] },
      { role: 'user', content: 'what city is the golden gate bridge in' },
    ]);
    expect(decideReply(view)).toEqual({ type: 'say', text: 'As I said before: The Golden Gate Bridge is in San Francisco.' });
  });

  it('reports non-zero usage that grows with the history, under a priced model name', async () => {
    const model = new OfflineModel();
    const { agent } = createAgent();
    const session = new MemorySession('usage');
    const first = await run(agent.clone({ model }), 'Hello', { session });
    const second = await run(agent.clone({ model }), 'What did I ask?', { session });
    expect(first.state.usage.inputTokens).toBeGreaterThan(100);
    expect(first.state.usage.outputTokens).toBeGreaterThan(0);
    expect(second.state.usage.inputTokens).toBeGreaterThan(first.state.usage.inputTokens);
    expect(second.finalOutput).toContain('"Hello"');
    expect(first.rawResponses[0]?.providerData).toEqual({ model: 'gpt-4.1-mini' });
    expect(model.calls).toHaveLength(2);
  });
});
