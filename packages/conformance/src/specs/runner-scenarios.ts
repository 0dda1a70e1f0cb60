import { Agent, OutputGuardrailTripwireTriggered, run, RunState, setTracingDisabled, tool, type Session } from '@openai/agents';
import { ScriptedModel, assistantMessage, functionCall, type ScriptedModelInput } from '@openai/agents-core/testing';
import type { SessionItem } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Harness } from '../harness.js';
import { compactionItem, userMessage } from '../items.js';
import { againstReference } from '../reference.js';

setTracingDisabled(true);

type Input = Parameters<typeof run>[1];

/** One run to its end, streamed or not; rejects as the run does. */
async function runToEnd(agent: Agent, input: Input, session: Session, stream: boolean) {
  if (!stream) return run(agent, input, { session });
  const result = await run(agent, input, { session, stream: true });
  for await (const _event of result) {
    // drained so the run proceeds
  }
  await result.completed;
  if (result.error) throw result.error;
  return result;
}

interface AgentOptions {
  /** How many times the output guardrail trips before it lets output through (Infinity: always). */
  trips?: number;
  approval?: boolean;
  stopOnFirstTool?: boolean;
}

/** An agent on a scripted model with a `book` tool (approval optional), a `look` tool and an output guardrail. */
function scriptedAgent(steps: ScriptedModelInput[], options: AgentOptions = {}): Agent {
  let trips = options.trips ?? 0;
  const book = tool({
    name: 'book',
    description: 'Books a trip',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => `booked ${city}`,
    needsApproval: options.approval === true,
  });
  const look = tool({ name: 'look', description: 'Looks a city up', parameters: z.object({ city: z.string() }), execute: async ({ city }) => `looked ${city}` });
  return new Agent({
    name: 'Travel',
    instructions: 'Book trips.',
    model: new ScriptedModel(steps),
    tools: [book, look],
    ...(options.stopOnFirstTool ? { toolUseBehavior: 'stop_on_first_tool' as const } : {}),
    outputGuardrails: [{ name: 'policy', execute: async () => ({ tripwireTriggered: trips-- > 0, outputInfo: {} }) }],
  });
}

const callBook = functionCall('book', { city: 'Paris' }, { callId: 'call_book' });
const callLook = functionCall('look', { city: 'Paris' }, { callId: 'call_look' });
const types = (history: SessionItem[]) => history.map((item) => (item as { type?: string }).type ?? (item as { role?: string }).role);

/** Runs until the approval interruption, approves it, optionally serialises the state, and resumes. */
async function approveAndResume(agent: Agent, session: Session, stream: boolean, serialize: boolean): Promise<void> {
  const first = await runToEnd(agent, 'Book Paris', session, stream);
  expect(first.interruptions).toHaveLength(1);
  let state = first.state;
  for (const interruption of first.interruptions) state.approve(interruption);
  if (serialize) state = await RunState.fromString(agent, state.toString());
  await runToEnd(agent, state, session, stream);
}

export function runnerScenariosSpec(h: Harness): void {
  const enabled = h.target.capabilities?.historyCapabilities === true && h.target.capabilities?.skipRunner !== true;

  describe.runIf(enabled)('@openai/agents runner scenarios, against the SDK MemorySession', () => {
    async function compare(script: (session: Session) => Promise<void>) {
      const { session, inherited } = await h.open();
      const { ours, reference } = await againstReference(session as Session, inherited, script);
      expect(ours).toEqual(reference);
      // On a branch the history starts with what it inherited, unless a compaction replaced all of it.
      const inheritedKept = JSON.stringify(reference.history.slice(0, inherited.length)) === JSON.stringify(inherited);
      return { ...reference, history: inheritedKept ? reference.history.slice(inherited.length) : reference.history };
    }

    for (const stream of [false, true]) {
      const mode = stream ? 'streamed' : 'not streamed';

      it(`an output guardrail trips after a tool ran (${mode}): the call and its result are kept`, async () => {
        const reference = await compare(async (session) => {
          await runToEnd(scriptedAgent([[callBook], [assistantMessage('Booked.')]], { trips: Infinity }), 'Book Paris', session, stream);
        });
        expect(reference.error).toMatch(/^OutputGuardrailTripwireTriggered/);
        expect(types(reference.history)).toEqual(['message', 'function_call', 'function_call_result']);
      });

      it(`resumed after the guardrail tripped, the accepted answer replaces the withheld suffix (${mode})`, async () => {
        const reference = await compare(async (session) => {
          const agent = scriptedAgent([[callLook], [assistantMessage('Paris is lovely.')]], { trips: 1 });
          const tripped = await runToEnd(agent, 'Tell me about Paris', session, stream).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(tripped).toBeInstanceOf(OutputGuardrailTripwireTriggered);
          await runToEnd(agent, (tripped as { state: RunState<unknown, Agent> }).state, session, stream);
        });
        expect(reference.error).toBeUndefined();
        expect(types(reference.history)).toEqual(['message', 'function_call', 'function_call_result', 'message']);
      });

      it(`a compaction item in the model output replaces the history (${mode})`, async () => {
        const reference = await compare(async (session) => {
          const agent = scriptedAgent([[assistantMessage('First answer.')], [compactionItem('both turns') as never, assistantMessage('Second answer.')]]);
          await runToEnd(agent, 'First question', session, stream);
          await runToEnd(agent, 'Second question', session, stream);
        });
        expect(reference.error).toBeUndefined();
        expect(types(reference.history)).toEqual(['compaction', 'message']);
      });

      it(`input that starts with a compaction item replaces the history (${mode})`, async () => {
        const reference = await compare(async (session) => {
          await session.addItems([userMessage('old question')]);
          const agent = scriptedAgent([[assistantMessage('Answer.')]]);
          await runToEnd(agent, [compactionItem('old turns') as never, userMessage('New question') as never], session, stream);
        });
        expect(reference.error).toBeUndefined();
        expect(types(reference.history)).toEqual(['compaction', 'message', 'message']);
      });
    }

    const approvalCases: [string, ScriptedModelInput, AgentOptions, boolean][] = [
      ['a message beside the call, guardrail trips', [assistantMessage('Booking now.'), callBook], { trips: Infinity }, false],
      ['a message beside the call, guardrail passes', [assistantMessage('Booking now.'), callBook], {}, false],
      ['another tool beside the call, guardrail trips', [callLook, callBook], { trips: Infinity }, false],
      ['another tool beside the call, guardrail passes', [callLook, callBook], {}, false],
      ['another tool beside the call, guardrail trips, streamed', [callLook, callBook], { trips: Infinity }, true],
    ];
    for (const [label, response, options, stream] of approvalCases) {
      it(`approval + stop_on_first_tool + output guardrail, resumed with the same state (${label}): the user message is kept`, async () => {
        const reference = await compare(async (session) => {
          const agent = scriptedAgent([response], { ...options, approval: true, stopOnFirstTool: true });
          await approveAndResume(agent, session, stream, false);
        });
        expect(reference.history[0]).toMatchObject({ role: 'user', content: 'Book Paris' });
      });
    }

    for (const stream of [false, true]) {
      it(`approval + stop_on_first_tool + output guardrail, resumed from a serialised state: refused as the SDK refuses (${stream ? 'streamed' : 'not streamed'})`, async () => {
        const reference = await compare(async (session) => {
          const agent = scriptedAgent([[callLook, callBook]], { trips: Infinity, approval: true, stopOnFirstTool: true });
          await approveAndResume(agent, session, stream, true);
        });
        expect(reference.error).toMatch(/^UserError/);
      });
    }
  });
}
