import { Agent, setTracingDisabled } from '@openai/agents';
import { UsageError } from './cli/args.js';
import { OFFLINE_MODEL_NAME, OfflineModel } from './model/offline-model.js';
import { weatherTool } from './tools/weather-tool.js';

export const INSTRUCTIONS =
  'You are a concise travel assistant. Answer in one or two sentences. Use the get_weather tool for any question about weather.';

export interface DemoAgent {
  agent: Agent;
  /** The model name usage is priced under. */
  modelName: string;
  offline: boolean;
}

/**
 * The agent every command runs. Offline (the default) it uses the scripted
 * model and no network at all; with `--model` and `OPENAI_API_KEY` it uses
 * that OpenAI model.
 */
export function createAgent(options: { model?: string | undefined; env?: NodeJS.ProcessEnv } = {}): DemoAgent {
  const env = options.env ?? process.env;
  if (options.model !== undefined) {
    if (!env.OPENAI_API_KEY) throw new UsageError(`--model ${options.model} needs OPENAI_API_KEY in the environment; leave --model out to run offline`);
    return {
      agent: new Agent({ name: 'Travel assistant', instructions: INSTRUCTIONS, model: options.model, tools: [weatherTool] }),
      modelName: options.model,
      offline: false,
    };
  }
  setTracingDisabled(true);
  const model = new OfflineModel();
  return {
    agent: new Agent({ name: 'Travel assistant', instructions: INSTRUCTIONS, model, tools: [weatherTool] }),
    modelName: OFFLINE_MODEL_NAME,
    offline: true,
  };
}
