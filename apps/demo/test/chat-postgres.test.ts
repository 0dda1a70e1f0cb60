import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { replyTo, runDemo, script } from './helpers/run-demo.js';

describe.runIf(postgresAvailable)('pnpm demo chat on @sessions/postgres, driven through stdin', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createMigratedDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  /** The session's items as PostgreSQL holds them, read with pg, not through the demo. */
  async function storedItems(sessionId: string): Promise<Record<string, unknown>[]> {
    const { rows } = await client.query<{ message_data: string }>(
      'SELECT message_data FROM agent_messages WHERE session_id = $1 ORDER BY id',
      [sessionId],
    );
    return rows.map((row) => JSON.parse(row.message_data) as Record<string, unknown>);
  }

  const chat = (sessionId: string, stdin: string) => runDemo(['chat', '--store', 'postgres', '--url', database.url, '--session', sessionId], { stdin });

  it('stores the conversation and its tool call; a second process continues it; /undo and /clear change the tables', async () => {
    const first = await chat('pg-trip', script('What city is the Golden Gate Bridge in?', 'What state is it in?', 'Is it raining in London?', '/sessions'));
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(replyTo(first.stdout, 'What state is it in?')).toContain('California');
    expect(replyTo(first.stdout, '/sessions')).toMatch(/pg-trip\s+8\s/);

    const items = await storedItems('pg-trip');
    expect(items).toHaveLength(8);
    expect(items[2]).toMatchObject({ role: 'user', content: 'What state is it in?' });
    expect(JSON.stringify(items[3])).toContain('California');
    expect(items[5]).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: JSON.stringify({ city: 'London', unit: 'celsius' }) });
    expect(items[6]).toMatchObject({ type: 'function_call_result', name: 'get_weather', callId: items[5]!.callId });
    expect(JSON.stringify(items[7])).toContain('Take an umbrella');
    const { rows: sessionRows } = await client.query('SELECT session_id FROM agent_sessions');
    expect(sessionRows).toEqual([{ session_id: 'pg-trip' }]);

    const second = await chat('pg-trip', script('What did I ask?', '/undo', '/undo', '/history'));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Continuing: the session holds 8 items.');
    expect(replyTo(second.stdout, 'What did I ask?')).toContain('"Is it raining in London?"');
    expect(await storedItems('pg-trip')).toEqual(items.slice(0, 4));

    // PostgreSQL is an advanced store: a branch shares main's rows, and clearing main keeps what the branch holds.
    const third = await chat('pg-trip', script('/branch 2', '/switch main', '/clear'));
    expect(third.code).toBe(0);
    expect(replyTo(third.stdout, '/branch 2')).toContain('holding turn 1 and switched to it');
    expect(await storedItems('pg-trip')).toEqual(items.slice(0, 2));
  });
});
