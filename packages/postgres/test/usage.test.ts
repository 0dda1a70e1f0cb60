import { Agent, run, setTracingDisabled, tool } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel } from '@openai/agents-core/testing';
import { DEFAULT_PRICES, isSessionError, priceFor } from '@sessions/core';
import { requireServer } from '@sessions/test-servers';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { reply, useAdvancedDatabase } from './support/advanced.js';

setTracingDisabled(true);
const serverAvailable = await requireServer('postgres', 'AdvancedPostgresSession usage tests');

describe.runIf(serverAvailable)('AdvancedPostgresSession: usage (ported from advanced-sqlite)', () => {
  const db = useAdvancedDatabase('adv_usage');

  async function usageRows(): Promise<Record<string, unknown>[]> {
    const sql = 'SELECT branch_id, turn, model, requests::int, input_tokens::int, output_tokens::int FROM advanced_turn_usage ORDER BY id';
    return (await db.pool().query(sql)).rows as Record<string, unknown>[];
  }

  describe('storeRunUsage', () => {
    it('a second run in the same turn adds to the turn, never replaces', async () => {
      const model = new ScriptedModel([reply('a', { input: 100, output: 10 }), reply('b', { input: 200, output: 30 })]);
      const agent = new Agent({ name: 'A', model });
      const session = db.open('conv');
      const first = await run(agent, 'question', { session });
      await session.storeRunUsage(first);
      // A second run without a new user message stays in turn 1.
      const second = await run(agent, [], { session });
      await session.storeRunUsage(second);
      expect(await session.getCurrentTurn()).toBe(1);
      expect(await session.getTurnUsage(1)).toMatchObject({ runs: 2, requests: 2, inputTokens: 300, outputTokens: 40, totalTokens: 340 });
      expect(await session.getTurnUsage()).toHaveLength(1);
    });

    it('storing the same run again (resumed after an interruption) adds only what it used since', async () => {
      const approve = tool({
        name: 'delete_file',
        description: 'Deletes a file',
        parameters: z.object({ path: z.string() }),
        needsApproval: true,
        execute: async () => 'deleted',
      });
      const model = new ScriptedModel([
        [functionCall('delete_file', { path: '/tmp/x' }, { callId: 'c1' })],
        reply('Deleted.', { input: 300, output: 5 }),
      ]);
      const agent = new Agent({ name: 'A', model, tools: [approve] });
      const session = db.open('conv');
      const interrupted = await run(agent, 'delete it', { session });
      expect(interrupted.interruptions).toHaveLength(1);
      await session.storeRunUsage(interrupted);
      interrupted.state.approve(interrupted.interruptions[0]!);
      const resumed = await run(agent, interrupted.state, { session });
      expect(resumed.finalOutput).toBe('Deleted.');
      await session.storeRunUsage(resumed);
      await session.storeRunUsage(resumed); // nothing new: adds nothing
      expect(await session.getTurnUsage(1)).toMatchObject({ runs: 1, requests: 2, inputTokens: 300, outputTokens: 5 });
    });

    it('an empty branch records no phantom turn-0 usage: it is a typed error and nothing is stored', async () => {
      const model = new ScriptedModel([reply('a'), reply('b')]);
      const agent = new Agent({ name: 'A', model });
      const session = db.open('conv');
      const result = await run(agent, 'q1', { session });
      await session.createBranchFromTurn(1); // an empty branch
      const error = await session.storeRunUsage(result).catch((e: unknown) => e);
      expect(isSessionError(error, 'CONFLICT')).toBe(true);
      expect(String(error)).toMatch(/holds no items/);
      expect(await usageRows()).toEqual([]);
      expect(await session.getTurnUsage(0)).toBeNull();
      // Runs on the branch then count against the branch's own turn 1.
      const onBranch = await run(agent, 'q1 again', { session });
      await session.storeRunUsage(onBranch);
      expect((await usageRows()).map((r) => [r.turn, r.branch_id === 'main'])).toEqual([[1, false]]);
    });

    it('usage is aggregated by session, branch and turn', async () => {
      const model = new ScriptedModel([reply('1', { input: 10, output: 1 }), reply('2', { input: 20, output: 2 }), reply('3', { input: 40, output: 4 })]);
      const agent = new Agent({ name: 'A', model });
      const session = db.open('conv');
      await session.storeRunUsage(await run(agent, 'q1', { session }));
      await session.storeRunUsage(await run(agent, 'q2', { session }));
      const branchId = await session.createBranchFromTurn(2);
      await session.storeRunUsage(await run(agent, 'q2 differently', { session }));

      expect(await session.getSessionUsage()).toMatchObject({ runs: 3, inputTokens: 70, totalTurns: 3 });
      expect(await session.getSessionUsage({ branchId: 'main' })).toMatchObject({ runs: 2, inputTokens: 30, totalTurns: 2 });
      expect(await session.getSessionUsage({ branchId })).toMatchObject({ runs: 1, inputTokens: 40, totalTurns: 1 });
      expect(await session.getTurnUsage(2)).toMatchObject({ branchId, turn: 2, inputTokens: 40 });
      expect(await session.getTurnUsage(2, { branchId: 'main' })).toMatchObject({ branchId: 'main', turn: 2, inputTokens: 20 });
      expect(await session.getTurnUsage(1)).toBeNull(); // turn 1's run happened on main
      expect(await db.open('empty').getSessionUsage()).toBeNull();
      for (const read of [
        () => session.getSessionUsage({ branchId: 'nope' }),
        () => session.getTurnUsage(1, { branchId: 'nope' }),
        () => session.getUsageStats({ branchId: 'nope' }),
      ]) {
        expect(isSessionError(await read().catch((e: unknown) => e), 'NOT_FOUND')).toBe(true);
      }
    });

    it('prices per model, with overrides, and unpriced runs reported as unpriced', async () => {
      const model = new ScriptedModel([
        reply('priced', { input: 1_000_000, output: 0, model: 'gpt-4.1' }),
        reply('custom', { input: 0, output: 1_000_000, model: 'my-finetune' }),
        reply('nameless', { input: 500, output: 500 }),
      ]);
      const agent = new Agent({ name: 'A', model });
      const session = db.open('conv', { prices: { 'my-finetune': { input: 1, output: 3 } } });
      for (const q of ['a', 'b', 'c']) await session.storeRunUsage(await run(agent, q, { session }));
      const stats = await session.getUsageStats();
      expect(stats).toMatchObject({ totalRuns: 3, pricedRuns: 2, unpricedRuns: 1, unpricedModels: [null], unpricedTokens: 1_000, totalTokens: 2_001_000 });
      expect(stats.totalCost).toBeCloseTo(2 + 3, 10);
      expect(stats.byModel.find((m) => m.model === null)).toMatchObject({ runs: 1, cost: null });

      // The same stored usage priced by another object without the override: the fine-tune is unpriced now.
      const plain = db.open('conv');
      const plainStats = await plain.getUsageStats();
      expect(plainStats).toMatchObject({ unpricedRuns: 2, unpricedModels: ['my-finetune', null] });
      expect(plainStats.totalCost).toBeCloseTo(2, 10);
      // No default prices at all: nothing is costed, and nothing is called free.
      const bare = db.open('conv', { basePrices: {} });
      expect(await bare.getUsageStats()).toMatchObject({ pricedRuns: 0, unpricedRuns: 3, totalCost: 0 });
    });

    it('the model name: an explicit option wins, then the response, then the agent', async () => {
      const session = db.open('conv');
      const named = new Agent({ name: 'Named', model: new ScriptedModel([reply('x', { model: 'gpt-4o-mini' })]) });
      await session.storeRunUsage(await run(named, 'q1', { session }));
      const unnamed = new Agent({ name: 'Unnamed', model: new ScriptedModel([reply('y')]) });
      await session.storeRunUsage(await run(unnamed, 'q2', { session }), { model: 'gpt-5-mini' });
      expect((await usageRows()).map((r) => r.model)).toEqual(['gpt-4o-mini', 'gpt-5-mini']);
    });

    it('a run across two models (a handoff) is split by model', async () => {
      const expertModel = new ScriptedModel([reply('expert answer', { input: 1_000, output: 100, model: 'gpt-4.1' })]);
      const expert = new Agent({ name: 'Expert', model: expertModel });
      const triageModel = new ScriptedModel([
        {
          output: [functionCall('transfer_to_Expert', {}, { callId: 'h1' })],
          usage: reply('', { input: 50, output: 5 }).usage,
          providerData: { model: 'gpt-4.1-nano' },
        },
      ]);
      const triage = new Agent({ name: 'Triage', model: triageModel, handoffs: [expert] });
      const session = db.open('conv');
      const result = await run(triage, 'hard question', { session });
      expect(result.finalOutput).toBe('expert answer');
      await session.storeRunUsage(result);
      const stats = await session.getUsageStats();
      expect(stats.byModel.map((m) => [m.model, m.inputTokens, m.outputTokens]).sort()).toEqual([
        ['gpt-4.1', 1_000, 100],
        ['gpt-4.1-nano', 50, 5],
      ]);
      expect(stats.totalRuns).toBe(1);
      expect(stats.totalCost).toBeCloseTo((1_000 * 2 + 100 * 8 + 50 * 0.1 + 5 * 0.4) / 1e6, 12);
    });

    it('rejects what is not a run result', async () => {
      const session = db.open('conv');
      await session.addItems([{ role: 'user', content: 'q' }]);
      for (const bad of [null, 42, {}, { state: {} }]) {
        expect(isSessionError(await session.storeRunUsage(bad).catch((e: unknown) => e), 'INVALID_ARGUMENT')).toBe(true);
      }
      expect(await usageRows()).toEqual([]);
    });

    it('price lookup strips provider prefixes and date snapshots', () => {
      expect(priceFor('openai/gpt-4o-mini-2024-07-18', DEFAULT_PRICES)).toEqual(DEFAULT_PRICES['gpt-4o-mini']);
      expect(priceFor('unknown-model', DEFAULT_PRICES)).toBeUndefined();
      expect(priceFor(null, DEFAULT_PRICES)).toBeUndefined();
    });
  });

  describe('a tool-calling run', () => {
    it('counts requests of every model call in the turn', async () => {
      const echo = tool({ name: 'echo', description: 'echo', parameters: z.object({ s: z.string() }), execute: async ({ s }) => s });
      const model = new ScriptedModel([[functionCall('echo', { s: 'x' }, { callId: 'c1' })], [assistantMessage('done')]]);
      const session = db.open('conv');
      await session.storeRunUsage(await run(new Agent({ name: 'A', model, tools: [echo] }), 'go', { session }));
      expect(await session.getTurnUsage(1)).toMatchObject({ requests: 2 });
    });
  });
});
