// Every example of seeds/000 (the sessions overview) translated to TypeScript for
// PostgreSQL, run with the real @openai/agents runner, a ScriptedModel and a
// throwaway database: SQLAlchemySession's production examples as PostgresSession
// (from a URL, from the app's pool), the advanced example as AdvancedPostgresSession.
import { Agent, run, setTracingDisabled, tool } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel } from '@openai/agents-core/testing';
import { isSessionError } from '@sessions/core';
import { AdvancedPostgresSession, PostgresSession } from '@sessions/postgres';
import { requireServer } from '@sessions/test-servers';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputOf, reply, useAdvancedDatabase } from './support/advanced.js';

setTracingDisabled(true);
const serverAvailable = await requireServer('postgres', 'seed 000 on PostgreSQL');

describe.runIf(serverAvailable)('seed 000 on PostgreSQL: Sessions (Conversation Persistence)', () => {
  const db = useAdvancedDatabase('seed_000');

  it('SQLAlchemySession.from_url (Production) as PostgresSession.fromUrl: the second run has the first in its history', async () => {
    const model = new ScriptedModel([[assistantMessage('San Francisco')], [assistantMessage('California')]]);
    const agent = new Agent({ name: 'Assistant', instructions: 'Reply concisely.', model });
    const session = db.track(PostgresSession.fromUrl('user-123', { url: db.url() }));

    const r1 = await run(agent, 'What city is the Golden Gate Bridge in?', { session });
    expect(r1.finalOutput).toBe('San Francisco');
    const r2 = await run(agent, 'What state is it in?', { session });
    expect(r2.finalOutput).toBe('California');
    expect(inputOf(model.calls[1])).toContain('Golden Gate Bridge');
  });

  it('SQLAlchemySession(engine=...) as PostgresSession on the app\'s pool, with an owner', async () => {
    const model = new ScriptedModel([[assistantMessage('San Francisco')], [assistantMessage('California')], [assistantMessage('Yes')]]);
    const agent = new Agent({ name: 'Assistant', model });
    const session = db.track(new PostgresSession('user-456', { pool: db.pool(), owner: 'alice' }));
    await run(agent, 'What city is the Golden Gate Bridge in?', { session });
    await run(agent, 'What state is it in?', { session });
    expect(inputOf(model.calls[1])).toContain('San Francisco');
    const { rows } = await db.pool().query('SELECT owner FROM agent_sessions WHERE session_id = $1', ['user-456']);
    expect(rows).toEqual([{ owner: 'alice' }]);
  });

  it('the same Quick Dev example with AdvancedPostgresSession as a drop-in', async () => {
    const model = new ScriptedModel([[assistantMessage('San Francisco')], [assistantMessage('California')]]);
    const agent = new Agent({ name: 'Assistant', instructions: 'Reply concisely.', model });
    const session = db.open('conversation_123');
    await run(agent, 'What city is the Golden Gate Bridge in?', { session });
    const r2 = await run(agent, 'What state is it in?', { session });
    expect(r2.finalOutput).toBe('California');
    expect(inputOf(model.calls[1])).toContain('San Francisco');
  });

  it('AdvancedSQLiteSession (Branching + Analytics) as AdvancedPostgresSession: usage, branching and structured queries', async () => {
    const getWeather = tool({
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => `Sunny in ${city}`,
    });
    const model = new ScriptedModel([
      reply('Hi! How can I help?', { input: 50, output: 10, model: 'gpt-4.1-mini' }),
      [functionCall('get_weather', { city: 'Paris' }, { callId: 'call_1' })],
      reply('It is sunny in Paris.', { input: 80, output: 12, model: 'gpt-4.1-mini' }),
    ]);
    const agent = new Agent({ name: 'Assistant', instructions: 'Reply concisely.', model, tools: [getWeather] });

    // session = AdvancedSQLiteSession(session_id="conv_123", db_path="conversations.db", create_tables=True)
    const session = db.track(AdvancedPostgresSession.fromUrl('conv_123', { url: db.url(), createTables: true }));
    const result = await run(agent, 'Hello', { session });
    await session.storeRunUsage(result); // Track token usage
    const second = await run(agent, 'What is the weather in Paris?', { session });
    await session.storeRunUsage(second);

    // Usage Tracking
    const sessionUsage = await session.getSessionUsage();
    expect(sessionUsage).toMatchObject({ requests: 3, inputTokens: 130, outputTokens: 22, totalTokens: 152, totalTurns: 2, runs: 2 });
    const branchUsage = await session.getSessionUsage({ branchId: 'main' });
    expect(branchUsage).toEqual(sessionUsage);
    const turnUsage = await session.getTurnUsage(2);
    expect(turnUsage).toMatchObject({ turn: 2, branchId: 'main', requests: 2, inputTokens: 80, outputTokens: 12 });

    // Conversation Branching
    const turns = await session.getConversationTurns();
    expect(turns.map((t) => [t.turn, t.content, t.canBranch])).toEqual([
      [1, 'Hello', true],
      [2, 'What is the weather in Paris?', true],
    ]);
    const branchId = await session.createBranchFromTurn(2); // Branch from turn 2
    expect(branchId).toMatch(/^branch_from_turn_2_\d+_[0-9a-f]{8}$/);
    expect((await session.getItems()).length).toBe(2); // turn 1: the user message and the reply
    const branches = await session.listBranches();
    expect(branches.map((b) => [b.branchId, b.isCurrent, b.messageCount, b.userTurns])).toEqual([
      ['main', false, 6, 2],
      [branchId, true, 2, 1],
    ]);
    await session.switchToBranch(branchId);
    await session.deleteBranch(branchId, { force: true });
    expect(await session.getCurrentBranchId()).toBe('main');
    expect((await session.listBranches()).map((b) => b.branchId)).toEqual(['main']);

    // Structured Queries
    const conversation = await session.getConversationByTurns();
    expect(conversation[2]).toEqual([
      { type: 'user', toolName: null },
      { type: 'function_call', toolName: 'get_weather' },
      { type: 'function_call_result', toolName: 'get_weather' },
      { type: 'assistant', toolName: null },
    ]);
    const toolUsage = await session.getToolUsage();
    expect(toolUsage).toEqual([{ toolName: 'get_weather', count: 1, turn: 2 }]);
    const matching = await session.findTurnsByContent('weather');
    expect(matching.map((t) => t.turn)).toEqual([2]);
    model.assertComplete();
  });

  it('Manual History (No Session): history plus a follow-up as the next input', async () => {
    const model = new ScriptedModel([[assistantMessage('First answer')], [assistantMessage('Follow-up answer')]]);
    const agent = new Agent({ name: 'Assistant', model });
    let result = await run(agent, 'First message');
    const newInput = [...result.history, { role: 'user' as const, content: 'Follow up' }];
    result = await run(agent, newInput);
    expect(result.finalOutput).toBe('Follow-up answer');
    expect(inputOf(model.calls[1])).toContain('First answer');
  });

  it('a turn that does not exist is a typed error, not a silent empty branch', async () => {
    const session = db.open('conv_404');
    const error = await session.createBranchFromTurn(2).catch((e: unknown) => e);
    expect(isSessionError(error, 'NOT_FOUND')).toBe(true);
  });
});
