// The examples of seeds/000 (the sessions overview) that are not about an advanced session,
// run with the real @openai/agents runner, a ScriptedModel and a database file. Its advanced
// examples run on every advanced store in @sessions/conformance (advanced-conformance.test.ts);
// the SQLAlchemySession examples belong to @sessions/postgres and @sessions/mysql.
import { Agent, run, setTracingDisabled } from '@openai/agents';
import { assistantMessage, ScriptedModel } from '@openai/agents-core/testing';
import { SQLiteSession } from '@sessions/sqlite';
import { describe, expect, it } from 'vitest';
import { inputOf, useDatabaseFile } from './support/fixtures.js';

setTracingDisabled(true);
const db = useDatabaseFile('sessions-seed-000-');

describe('seed 000: Sessions (Conversation Persistence)', () => {
  it('SQLiteSession (Quick Dev): the second run has the first in its history', async () => {
    const model = new ScriptedModel([[assistantMessage('San Francisco')], [assistantMessage('California')]]);
    const agent = new Agent({ name: 'Assistant', instructions: 'Reply concisely.', model });
    const session = db.track(new SQLiteSession('conversation_123', { path: db.path() }));

    const r1 = await run(agent, 'What city is the Golden Gate Bridge in?', { session });
    expect(r1.finalOutput).toBe('San Francisco');
    const r2 = await run(agent, 'What state is it in?', { session });
    expect(r2.finalOutput).toBe('California');
    expect(inputOf(model.calls[1])).toContain('Golden Gate Bridge');
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
