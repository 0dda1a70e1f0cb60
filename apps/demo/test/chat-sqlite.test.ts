import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { replyTo, runDemo, runPnpmDemo, script } from './helpers/run-demo.js';
import { tempDir } from './helpers/temp-dir.js';

const dir = tempDir('chat-sqlite');
const db = dir.file('chat.db');
afterAll(() => dir.remove());

interface Row {
  id: number;
  item: Record<string, unknown>;
}

/** The session's items as the file holds them, read with better-sqlite3, not through the demo. */
function storedItems(sessionId: string): Row[] {
  const file = new Database(db, { readonly: true });
  try {
    const rows = file.prepare('SELECT id, message_data AS data FROM agent_messages WHERE session_id = ? ORDER BY id').all(sessionId) as {
      id: number;
      data: string;
    }[];
    return rows.map((row) => ({ id: row.id, item: JSON.parse(row.data) as Record<string, unknown> }));
  } finally {
    file.close();
  }
}

const chat = (sessionId: string, stdin: string) => runDemo(['chat', '--store', 'sqlite', '--db', db, '--session', sessionId], { stdin });

describe('pnpm demo chat on @sessions/sqlite, driven through stdin', () => {
  it('stores a conversation with a tool call, and a second process continues it', async () => {
    const first = await chat(
      'trip',
      script('What city is the Golden Gate Bridge in?', 'What state is it in?', "What's the weather there?", '/history', '/turns'),
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(replyTo(first.stdout, 'What state is it in?')).toContain('California');
    expect(replyTo(first.stdout, "What's the weather there?")).toMatch(/get_weather\(\{"city":"San Francisco"/);
    expect(replyTo(first.stdout, '/turns')).toMatch(/3\s+What's the weather there\?\s+4\s+1/);

    const items = storedItems('trip');
    expect(items.map((r) => r.item.type ?? r.item.role)).toEqual([
      'message', 'message', 'message', 'message', 'message', 'function_call', 'function_call_result', 'message',
    ]);
    expect(items[0]!.item).toMatchObject({ role: 'user', content: 'What city is the Golden Gate Bridge in?' });
    expect(items[3]!.item).toMatchObject({ role: 'assistant' });
    expect(JSON.stringify(items[3]!.item)).toContain('California');
    expect(items[5]!.item).toMatchObject({ type: 'function_call', name: 'get_weather' });
    expect(items[6]!.item).toMatchObject({ type: 'function_call_result', name: 'get_weather', callId: items[5]!.item.callId });
    expect(JSON.stringify(items[6]!.item)).toContain('16°C');

    const second = await chat('trip', script('What did I ask?'));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Continuing: the session holds 8 items.');
    expect(replyTo(second.stdout, 'What did I ask?')).toContain('"What\'s the weather there?"');
    expect(storedItems('trip')).toHaveLength(10);
  });

  it('`pnpm demo chat` from the repository root reads its script from stdin', async () => {
    const run = await runPnpmDemo(['chat', '--store', 'sqlite', '--db', db, '--session', 'via-pnpm'], { stdin: script('Is it sunny in Sydney?', '/turns') });
    expect(run.code).toBe(0);
    expect(replyTo(run.stdout, 'Is it sunny in Sydney?')).toContain('clear skies');
    expect(storedItems('via-pnpm').map((r) => r.item.type)).toEqual(['message', 'function_call', 'function_call_result', 'message']);
  });

  it('/undo pops the last turn back to and including the user message; /clear empties the session', async () => {
    const before = storedItems('trip');
    const run = await chat('trip', script("What's the weather in London?", '/undo', '/undo'));
    expect(run.code).toBe(0);
    expect(replyTo(run.stdout, '/undo')).toContain('removed 4 items');
    const after = storedItems('trip');
    // The London turn (4 items) and "What did I ask?" (2 items) are gone; everything before is intact.
    expect(after).toEqual(before.slice(0, 8));
    expect(JSON.stringify(after)).not.toContain('London');

    const cleared = await chat('trip', script('/clear', '/history'));
    expect(cleared.code).toBe(0);
    expect(replyTo(cleared.stdout, '/history')).toContain('(no items yet)');
    expect(storedItems('trip')).toEqual([]);
  });

  it('says clearly that branching needs advanced-sqlite, searches and lists sessions without it', async () => {
    const run = await chat(
      'plain',
      script("What's the weather in Tokyo?", '/branch 1', '/branches', '/switch main', '/search TOKYO', '/sessions', '/usage', '/nope', '/help'),
    );
    expect(run.code).toBe(0);
    for (const command of ['/branch 1', '/branches', '/switch main']) {
      expect(replyTo(run.stdout, command)).toMatch(/the sqlite store has no branches\. Branching needs an advanced store/);
    }
    expect(replyTo(run.stdout, '/search TOKYO')).toMatch(/1\s+What's the weather in Tokyo\?/);
    expect(replyTo(run.stdout, '/sessions')).toMatch(/plain\s+4\s/);
    expect(replyTo(run.stdout, '/usage')).toContain('does not record usage');
    expect(replyTo(run.stdout, '/nope')).toContain('Unknown command /nope');
    for (const command of ['/history', '/turns', '/branch N', '/branches', '/switch ID', '/usage', '/search TERM', '/sessions', '/undo', '/clear', '/help']) {
      expect(replyTo(run.stdout, '/help')).toContain(command);
    }
    expect(storedItems('plain')).toHaveLength(4);
  });
});
