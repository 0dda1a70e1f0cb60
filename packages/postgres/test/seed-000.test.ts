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



  it('Manual History (No Session): history plus a follow-up as the next input', async () => {
    const model = new ScriptedModel([[assistantMessage('First answer')], [assistantMessage('Follow-up answer')]]);
    const agent = new Agent({ name: 'Assistant', model });
    let result = await run(agent, 'First message');
    const newInput = [...result.history, { role: 'user' as const, content: 'Follow up' }];
    result = await run(agent, newInput);
    expect(result.finalOutput).toBe('Follow-up answer');
    expect(inputOf(model.calls[1])).toContain('First answer');
  });

});
