// The examples of seeds/000 that are this package's own (SQLAlchemySession's, on
// MySQLSession), with the real @openai/agents runner, a ScriptedModel and a MariaDB/MySQL
// database. The advanced examples of seeds 000 and 002 run on AdvancedMySQLSession in
// the advanced conformance part (advanced-conformance-suite.test.ts).
import { Agent, run, setTracingDisabled } from '@openai/agents';
import { assistantMessage, ScriptedModel } from '@openai/agents-core/testing';
import { AdvancedMySQLSession, MySQLSession } from '@sessions/mysql';
import { createPool } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { inputOf, useMySQLDatabase } from './support/advanced.js';

setTracingDisabled(true);
const db = useMySQLDatabase();

describe('seed 000: Sessions (Conversation Persistence)', () => {
  it('SQLAlchemySession (Production) from a URL and from an engine: MySQLSession.fromUrl and { pool }', async () => {
    const model = new ScriptedModel([[assistantMessage('San Francisco')], [assistantMessage('California')]]);
    const agent = new Agent({ name: 'Assistant', instructions: 'Reply concisely.', model });
    const fromUrl = db.track(MySQLSession.fromUrl('user-123', { url: db.url(), createTables: true }));
    await run(agent, 'What city is the Golden Gate Bridge in?', { session: fromUrl });
    // engine = create_async_engine(...); SQLAlchemySession("user-456", engine=engine): the app's own pool.
    const pool = createPool({ uri: db.url() });
    try {
      const fromPool = db.track(new AdvancedMySQLSession('user-123', { pool, createTables: true }));
      expect((await fromPool.getItems()).length).toBe(0); // a plain session's rows are not on an advanced branch
      const plain = db.track(new MySQLSession('user-123', { pool }));
      const r2 = await run(agent, 'What state is it in?', { session: plain });
      expect(r2.finalOutput).toBe('California');
      expect(inputOf(model.calls[1])).toContain('Golden Gate Bridge');
    } finally {
      await pool.end();
    }
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
