import { describe, expect, it } from 'vitest';
import { createAgent } from '../src/agent.js';
import { UsageError } from '../src/cli/args.js';
import { OfflineModel } from '../src/model/offline-model.js';
import { weatherParameters } from '../src/tools/weather-tool.js';

describe('the agent', () => {
  it('is offline by default, even with a key set, and has the weather tool', () => {
    const demo = createAgent({ env: { OPENAI_API_KEY: 'sk-not-used' } });
    expect(demo.offline).toBe(true);
    expect(demo.agent.model).toBeInstanceOf(OfflineModel);
    expect(demo.agent.tools.map((t) => t.name)).toEqual(['get_weather']);
  });

  it('uses the named OpenAI model with --model and a key, and refuses --model without one', () => {
    const demo = createAgent({ model: 'gpt-4.1-mini', env: { OPENAI_API_KEY: 'sk-test' } });
    expect(demo).toMatchObject({ offline: false, modelName: 'gpt-4.1-mini' });
    expect(demo.agent.model).toBe('gpt-4.1-mini');
    expect(() => createAgent({ model: 'gpt-4.1-mini', env: {} })).toThrow(UsageError);
    expect(() => createAgent({ model: 'gpt-4.1-mini', env: {} })).toThrow(/needs OPENAI_API_KEY/);
  });

  it('validates the weather tool arguments with its zod schema', () => {
    expect(weatherParameters.safeParse({ city: 'Paris', unit: 'celsius' }).success).toBe(true);
    expect(weatherParameters.safeParse({ city: '', unit: 'celsius' }).success).toBe(false);
    expect(weatherParameters.safeParse({ city: 'Paris', unit: 'kelvin' }).success).toBe(false);
  });
});
