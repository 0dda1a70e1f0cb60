import { run, type RunResult } from '@openai/agents';
import type { Usage } from '@openai/agents-core';
import type { AgentSession } from '@sessions/core';
import type { DemoAgent } from '../agent.js';
import { tracksUsage } from '../stores/capabilities.js';

export interface TurnOutcome {
  answer: string;
  /** What the run added after the question: tool calls, tool results, the answer. */
  newItems: unknown[];
  usage: Usage;
  /** Items the session held before the question: the history the model was sent. */
  historyLength: number;
}

/**
 * One question through the real runner on a session. On stores that track
 * usage, the run's usage is recorded against the turn it opened.
 */
export async function runTurn(demo: DemoAgent, session: AgentSession, question: string): Promise<TurnOutcome> {
  const historyLength = (await session.getItems()).length;
  const result: RunResult<any, any> = await run(demo.agent, question, { session });
  if (tracksUsage(session)) await session.storeRunUsage(result);
  return {
    answer: typeof result.finalOutput === 'string' ? result.finalOutput : JSON.stringify(result.finalOutput ?? ''),
    newItems: result.newItems.map((item) => item.rawItem),
    usage: result.state.usage,
    historyLength,
  };
}
