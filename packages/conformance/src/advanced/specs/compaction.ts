import { Agent, MemorySession, run, setTracingDisabled, Usage, type ModelResponse, type Session } from '@openai/agents';
import { assistantMessage, ScriptedModel } from '@openai/agents-core/testing';
import type { SessionItem } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { compactionItem } from '../../items.js';
import { reply, texts, useAdvancedStore } from '../fixtures.js';
import type { AdvancedConformanceTarget } from '../target.js';

setTracingDisabled(true);

/** A model response that compacts the history (the runner replaces it) and answers. */
function compactingReply(summary: string, text: string): ModelResponse {
  return {
    output: [compactionItem(summary) as never, assistantMessage(text)],
    usage: new Usage({ requests: 1, inputTokens: 50, outputTokens: 7, totalTokens: 57 }),
  };
}

const script = (): ModelResponse[] => [
  reply('First answer.', { input: 100, output: 10 }),
  reply('Second answer.', { input: 200, output: 20 }),
  compactingReply('turns one and two', 'Third answer.'),
  reply('Fourth answer.', { input: 30, output: 3 }),
];

/** The same three runs on the SDK's own `MemorySession`: what the runner must replay afterwards. */
async function referenceHistory(): Promise<SessionItem[]> {
  const session = new MemorySession();
  const agent = new Agent({ name: 'A', model: new ScriptedModel(script()) });
  for (const question of ['First question', 'Second question', 'Third question']) await run(agent, question, { session });
  return (await session.getItems()) as SessionItem[];
}

export function compactionSpec(target: AdvancedConformanceTarget): void {
  describe(`compaction keeps the transcript and usage: ${target.name}`, () => {
    const db = useAdvancedStore(target);

    it('a compacting run replaces what the runner replays; turns, usage and search keep every turn', async () => {
      const session = db.open('conv');
      const agent = new Agent({ name: 'A', model: new ScriptedModel(script()) });
      for (const question of ['First question', 'Second question']) await session.storeRunUsage(await run(agent, question, { session: session as Session }));
      const usageBefore = (await session.getSessionUsage())!;
      const turnsBefore = await session.getConversationTurns();
      expect(turnsBefore.map((t) => [t.turn, t.content])).toEqual([
        [1, 'First question'],
        [2, 'Second question'],
      ]);

      const compacting = await run(agent, 'Third question', { session: session as Session });
      await session.storeRunUsage(compacting);

      // getItems is exactly what the SDK's own session replays after the compaction.
      const replay = await session.getItems();
      expect(replay).toEqual(await referenceHistory());
      expect(replay.map((item) => (item as { type?: string }).type)).toEqual(['compaction', 'message']);

      // The transcript still holds every turn. The runner hands the compacting run's own input to the
      // store only inside the compaction, so the turn list is the one from before.
      expect(await session.getConversationTurns()).toEqual(turnsBefore);
      expect((await session.findTurnsByContent('first question')).map((t) => t.turn)).toEqual([1]);
      expect((await session.findTurnsByContent('second answer')).map((t) => t.turn)).toEqual([2]);
      expect(await session.getCurrentTurn()).toBe(2);

      // Usage rows survive: the totals are the earlier ones plus what the compacting run added.
      const usageAfter = (await session.getSessionUsage())!;
      expect(usageAfter).toMatchObject({
        runs: usageBefore.runs + 1,
        requests: usageBefore.requests + 1,
        inputTokens: usageBefore.inputTokens + 50,
        outputTokens: usageBefore.outputTokens + 7,
        totalTokens: usageBefore.totalTokens + 57,
      });
      expect((await session.getTurnUsage()).map((u) => [u.turn, u.inputTokens])).toEqual([
        [1, 100],
        [2, 250],
      ]);

      // Turn numbers continue after the compaction.
      await session.storeRunUsage(await run(agent, 'Fourth question', { session: session as Session }));
      expect(await session.getCurrentTurn()).toBe(3);
      expect((await session.getConversationTurns()).map((t) => [t.turn, t.content])).toEqual([
        [1, 'First question'],
        [2, 'Second question'],
        [3, 'Fourth question'],
      ]);
      expect((await session.getTurnUsage(3))?.inputTokens).toBe(30);
      expect(texts(await session.getItems()).slice(1)).toEqual(['Third answer.', 'Fourth question', 'Fourth answer.']);
    });

    it('replaceHistoryWithCompaction keeps the turns; a branch from an earlier turn replays the transcript up to it', async () => {
      const session = db.open('conv');
      await session.addItems([
        { type: 'message', role: 'user', content: 'q1' },
        { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'a1' }] },
        { type: 'message', role: 'user', content: 'q2' },
      ]);
      // Replacement items may repeat a user message: they open no new turn.
      const compacted = [compactionItem('q1 a1'), { type: 'message', role: 'user', content: 'q2' }] as SessionItem[];
      await session.replaceHistoryWithCompaction(compacted);
      expect(await session.getItems()).toEqual(compacted);
      expect(await session.getCurrentTurn()).toBe(2);
      expect((await session.getConversationTurns()).map((t) => [t.turn, t.content])).toEqual([
        [1, 'q1'],
        [2, 'q2'],
      ]);
      expect(await session.getItems(1)).toEqual(compacted.slice(1));

      await session.addItems([{ type: 'message', role: 'user', content: 'q3' }]);
      expect(await session.getCurrentTurn()).toBe(3);

      const branch = await session.createBranchFromTurn(2);
      expect(texts(await session.getItems())).toEqual(['q1', 'a1']);
      await session.switchToBranch('main');
      expect(await session.getItems()).toEqual([...compacted, { type: 'message', role: 'user', content: 'q3' }]);

      // A branch of the whole (compacted) history replays the compaction too.
      const whole = await session.createBranch();
      expect(await session.getItems()).toEqual([...compacted, { type: 'message', role: 'user', content: 'q3' }]);
      expect((await session.listBranches()).map((b) => b.branchId).sort()).toEqual([branch, 'main', whole].sort());
    });
  });
}
