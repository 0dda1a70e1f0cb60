// Every example of seeds/002 (an advanced session) translated to TypeScript,
// run with the real @openai/agents runner, a ScriptedModel and a database file.
// Where an example's numbers disagree with our 1-indexed turns,
// the comment says what we changed and why (see README "Turn numbers").
import { Agent, run, setTracingDisabled } from '@openai/agents';
import { assistantMessage, modelError, ScriptedModel } from '@openai/agents-core/testing';
import { isSessionError } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { inputOf, reply, texts, useAdvancedStore } from '../fixtures.js';
import type { AdvancedConformanceTarget } from '../target.js';

setTracingDisabled(true);
export function seed002Spec(target: AdvancedConformanceTarget): void {
  describe(`seed 002: AdvancedSQLiteSession, on ${target.name}`, () => {
    const db = useAdvancedStore(target);

    it('Quick Start: run, store usage, branch from turn 2', async () => {
      const model = new ScriptedModel([reply('Hello! How can I help?')]);
      const session = db.open('user_123');
      const agent = new Agent({ name: 'Assistant', model });
      const result = await run(agent, 'Hello', { session });
      await session.storeRunUsage(result);

      // One turn so far: turn 2 is the next one, so the branch holds turn 1 and continues after it.
      const branchId = await session.createBranchFromTurn(2);
      expect(await session.getCurrentBranchId()).toBe(branchId);
      expect(texts(await session.getItems())).toEqual(['Hello', 'Hello! How can I help?']);
      expect(await session.getSessionUsage()).toMatchObject({ runs: 1, requests: 1, inputTokens: 100, outputTokens: 20 });
    });

    it('1. Conversation Branching: a branch session asks turn 2 differently', async () => {
      const model = new ScriptedModel([
        [assistantMessage('Noted: you love pizza.')],
        [assistantMessage('Pizza!')],
        [assistantMessage('Italian cuisine is regional...')],
      ]);
      const session = db.open('user_123');
      const agent = new Agent({ name: 'Assistant', model });

      await run(agent, 'I love pizza', { session });
      await run(agent, "What's my favorite food?", { session });
      const branchId = await session.createBranchFromTurn(2);

      // A branch id is a session handle: a new object continues the branch.
      const branchSession = db.open(branchId);
      const result3 = await run(agent, 'Tell me about Italian cuisine', { session: branchSession });
      expect(result3.finalOutput).toBe('Italian cuisine is regional...');

      const branchInput = inputOf(model.calls[2]);
      expect(branchInput).toContain('I love pizza');
      expect(branchInput).not.toContain("What's my favorite food?");
      expect(texts(await branchSession.getItems())).toEqual([
        'I love pizza',
        'Noted: you love pizza.',
        'Tell me about Italian cuisine',
        'Italian cuisine is regional...',
      ]);
      // main is untouched by the branch's run.
      const main = db.open('user_123');
      expect(texts(await main.getItems())).toEqual(['I love pizza', 'Noted: you love pizza.', "What's my favorite food?", 'Pizza!']);
      expect(await branchSession.getSessionId()).toBe(branchId);
    });

    it('2. Usage Analytics: runs, tokens and cost', async () => {
      const model = new ScriptedModel([reply('Hi', { input: 1_000, cached: 400, output: 200, reasoning: 50, model: 'gpt-4.1-mini' })]);
      const session = db.open('user_123');
      const agent = new Agent({ name: 'Assistant', model });
      const result = await run(agent, 'Hello', { session });
      await session.storeRunUsage(result);

      const stats = await session.getUsageStats();
      expect(stats.totalRuns).toBe(1);
      expect(stats.totalTokens).toBe(1_200);
      // gpt-4.1-mini: 600 uncached x $0.40 + 400 cached x $0.10 + 200 output x $1.60, per million.
      expect(stats.totalCost).toBeCloseTo(0.0006, 12);
      expect(stats.unpricedRuns).toBe(0);
      expect(await session.getTurnUsage(1)).toMatchObject({ cachedInputTokens: 400, reasoningTokens: 50, inputTokensDetails: { cached_tokens: 400 } });
    });

    it('3. Structured Queries: items with metadata and every session of the file', async () => {
      const model = new ScriptedModel([[assistantMessage('hi')]]);
      const session = db.open('user_123');
      await run(new Agent({ name: 'Assistant', model }), 'Hello', { session });
      await session.setMetadata({ user: 'alice', plan: 'pro' });
      await db.open('user_456').addItems([{ role: 'user', content: 'other' }]);

      const items = await session.getItems();
      expect(items).toHaveLength(2);
      const sessions = await session.listSessions();
      expect(sessions.map((s) => [s.sessionId, s.itemCount])).toEqual([
        ['user_456', 1],
        ['user_123', 2],
      ]);
      for (const sess of sessions) {
        expect(sess.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      }
      if (target.encryptedMetadata) {
        expect(isSessionError(await session.listSessions({ metadata: { user: 'alice' } }).catch((e: unknown) => e), 'INVALID_ARGUMENT')).toBe(true);
        expect(sessions.find((s) => s.sessionId === 'user_123')?.metadata).toEqual({ user: 'alice', plan: 'pro' });
      } else {
        expect((await session.listSessions({ metadata: { user: 'alice' } })).map((s) => s.sessionId)).toEqual(['user_123']);
      }
    });

    it('API reference: createBranchFromTurn is 1-indexed (the seed table says 0-indexed; its examples are not)', async () => {
      const session = db.open('user_123');
      await session.addItems([
        { role: 'user', content: 'first' },
        { role: 'user', content: 'second' },
      ]);
      const error = await session.createBranchFromTurn(0).catch((e: unknown) => e);
      expect(isSessionError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect(String(error)).toMatch(/turn 0/);
      await session.createBranchFromTurn(2);
      expect(texts(await session.getItems())).toEqual(['first']);
    });

    it('Use Case 1: Conversation Exploration, a different follow-up on a branch', async () => {
      const model = new ScriptedModel([[assistantMessage('AI is ...')], [assistantMessage('Machine learning is ...')]]);
      const agent = new Agent({ name: 'Assistant', model });
      const session = db.open('explore');
      await run(agent, 'Tell me about AI', { session });

      // The seed writes create_branch_from_turn(0). Turn 0 (items before any user
      // message) cannot be branched from: that is a typed error here.
      const error = await session.createBranchFromTurn(0).catch((e: unknown) => e);
      expect(isSessionError(error, 'INVALID_ARGUMENT')).toBe(true);
      // What the example means, a different follow-up after turn 1, is a branch from turn 2.
      const branchId = await session.createBranchFromTurn(2);
      const branchSession = db.open(branchId);
      const result2 = await run(agent, 'Focus on machine learning', { session: branchSession });
      expect(result2.finalOutput).toBe('Machine learning is ...');
      expect(inputOf(model.calls[1])).toContain('Tell me about AI');
    });

    it('Use Case 2: Cost Tracking, total and average cost per run', async () => {
      const questions = ['What is 2+2?', 'Name a prime.', 'Capital of France?'];
      const model = new ScriptedModel(questions.map((_, i) => reply(`answer ${i}`, { input: 2_000, output: 500, model: 'gpt-4o-2024-08-06' })));
      const agent = new Agent({ name: 'Assistant', model });
      const session = db.open('costs');
      const results = [];
      for (const question of questions) {
        const result = await run(agent, question, { session });
        await session.storeRunUsage(result);
        results.push(result);
      }
      const stats = await session.getUsageStats();
      // gpt-4o (dated snapshot priced as gpt-4o): 2,000 x $2.50 + 500 x $10 per million = $0.01 per run.
      expect(stats.totalCost).toBeCloseTo(0.03, 10);
      expect(stats.totalCost / stats.totalRuns).toBeCloseTo(0.01, 10);
      expect(`$${stats.totalCost.toFixed(2)}`).toBe('$0.03');
      expect(results).toHaveLength(3);
      expect((await session.getTurnUsage()).map((t) => t.turn)).toEqual([1, 2, 3]);
    });

    it('Use Case 3: Error Recovery, continue from the last good turn on a branch', async () => {
      const model = new ScriptedModel([
        [assistantMessage('Setup done')],
        [assistantMessage('Step two done')],
        modelError(new Error('model overloaded')),
        [assistantMessage('Simple answer')],
      ]);
      const agent = new Agent({ name: 'Assistant', model });
      const session = db.open('recover');
      await run(agent, 'Set things up', { session });
      await run(agent, 'Do step two', { session });

      let result;
      try {
        result = await run(agent, 'Complex query', { session });
      } catch {
        // The failed run stored nothing, so the current turn is the last good one (2).
        expect(await session.getCurrentTurn()).toBe(2);
        // The seed branches from get_current_turn() - 1, which would hold only turn 1 and
        // drop the last good turn. "Before the error" is a branch from the turn that
        // failed, i.e. the next turn: it holds every good turn.
        const branchId = await session.createBranchFromTurn((await session.getCurrentTurn()) + 1);
        const branchSession = db.open(branchId);
        result = await run(agent, 'Simpler query', { session: branchSession });
        expect(texts(await branchSession.getItems())).toEqual(['Set things up', 'Setup done', 'Do step two', 'Step two done', 'Simpler query', 'Simple answer']);
      }
      expect(result.finalOutput).toBe('Simple answer');
      expect(inputOf(model.calls[3])).toContain('Step two done');
      model.assertComplete();
    });

    it('Use Case 3 with a streamed run: its input was stored, so branch from the current (failed) turn', async () => {
      const model = new ScriptedModel([[assistantMessage('Setup done')], modelError(new Error('model overloaded')), [assistantMessage('Simple answer')]]);
      const agent = new Agent({ name: 'Assistant', model });
      const session = db.open('recover-streamed');
      await run(agent, 'Set things up', { session });
      const failed = await (async () => {
        try {
          const stream = await run(agent, 'Complex query', { session, stream: true });
          for await (const _ of stream) void _;
          await stream.completed;
          return stream.error;
        } catch (error) {
          return error;
        }
      })();
      expect(failed).toBeTruthy();
      // A streamed run writes its input first: the failed query is on disk as the current turn (2).
      expect(texts(await session.getItems())).toEqual(['Set things up', 'Setup done', 'Complex query']);
      expect(await session.getCurrentTurn()).toBe(2);
      // Branch from the turn that failed: it holds everything before it.
      const branchId = await session.createBranchFromTurn(await session.getCurrentTurn());
      const branchSession = db.open(branchId);
      const result = await run(agent, 'Simpler query', { session: branchSession });
      expect(result.finalOutput).toBe('Simple answer');
      expect(texts(await branchSession.getItems())).toEqual(['Set things up', 'Setup done', 'Simpler query', 'Simple answer']);
    });

    it('Best practices: consistent tracking, cleaning old sessions, descriptive branch names', async () => {
      const model = new ScriptedModel([[assistantMessage('one')], [assistantMessage('two')]]);
      const agent = new Agent({ name: 'Assistant', model });
      const session = db.open('base_session');
      for (const message of ['first', 'second']) {
        const result = await run(agent, message, { session });
        await session.storeRunUsage(result); // Always track
      }
      expect((await session.getUsageStats()).totalRuns).toBe(2);

      // Branch naming: f"{base_session_id}_branch_{datetime.now().timestamp()}"
      const name = `base_session_branch_${Date.now() / 1000}`;
      expect(await session.createBranchFromTurn(2, name)).toBe(name);
      const used = await session.createBranchFromTurn(1, name).catch((e: unknown) => e);
      expect(isSessionError(used, 'CONFLICT')).toBe(true);

      // Database maintenance: list and clean old sessions.
      const old = db.open('old_session');
      await old.addItems([{ role: 'user', content: 'stale' }]);
      const isOld = (sess: { sessionId: string }) => sess.sessionId.startsWith('old_');
      const sessions = await session.listSessions();
      for (const sess of sessions) {
        if (isOld(sess)) await session.deleteSession(sess.sessionId);
      }
      expect((await session.listSessions()).map((s) => s.sessionId)).toEqual(['base_session']);
      expect(await old.getItems()).toEqual([]);
    });
  });
}
