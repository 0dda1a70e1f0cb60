import { afterAll, describe, expect, it } from 'vitest';
import { replyTo, runDemo, script } from './helpers/run-demo.js';
import { query, storedItems } from './helpers/sqlite-tables.js';
import { tempDir } from './helpers/temp-dir.js';

const dir = tempDir('chat-advanced');
const db = dir.file('advanced.db');
afterAll(() => dir.remove());

describe('pnpm demo chat on @sessions/advanced-sqlite (the default store)', () => {
  it('branches, switches, reports usage per turn and searches; the tables hold the branch and the usage', async () => {
    const run = await runDemo(['chat', '--db', db, '--session', 'adv'], {
      stdin: script(
        'What city is the Golden Gate Bridge in?',
        'What state is it in?',
        "What's the weather there?",
        '/branch 2',
        'How long is it?',
        '/turns',
        '/branches',
        '/usage',
        '/search WEATHER',
        '/switch main',
        '/search weather',
        '/turns',
      ),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('store advanced-sqlite at');
    const branchId = /Created branch (\S+) holding turn 1 and switched to it/.exec(replyTo(run.stdout, '/branch 2'))?.[1];
    expect(branchId).toMatch(/^branch_from_turn_2_/);
    expect(replyTo(run.stdout, 'How long is it?')).toContain('Golden Gate Bridge is about 2.7 km');

    const branchTurns = replyTo(run.stdout, '/turns');
    expect(branchTurns).toMatch(/1\s+What city is the Golden Gate Bridge in\?/);
    expect(branchTurns).toMatch(/2\s+How long is it\?/);
    expect(branchTurns).not.toContain('What state');
    expect(replyTo(run.stdout, '/branches')).toMatch(new RegExp(`\\*\\s+${branchId}\\s+2\\s+4\\s+main, turn 2`));
    const usage = replyTo(run.stdout, '/usage');
    expect(usage).toMatch(/2\s+How long is it\?\s+1\s+\d+\s+0\s+\d+\s+\d+\s+\$0\.000\d+/);
    expect(usage).toMatch(/Whole session, all branches: 4 runs, 5 requests/);
    expect(replyTo(run.stdout, '/search WEATHER')).toContain('No turn mentions "WEATHER"');
    expect(replyTo(run.stdout, '/search weather')).toMatch(/3\s+What's the weather there\?/);

    // What the file holds, read directly.
    const items = storedItems(db, 'adv');
    expect(items).toHaveLength(10); // main: 3 turns = 8 items; the branch adds its own turn 2 (2 items) and shares turn 1
    expect(items.filter((i) => i.type === 'function_call')).toHaveLength(1);
    expect(query(db, 'SELECT branch_id, parent_branch_id, from_turn FROM advanced_branches WHERE session_id = ? AND branch_id <> ?', 'adv', 'main')).toEqual([
      { branch_id: branchId, parent_branch_id: 'main', from_turn: 2 },
    ]);
    const usageRows = query<{ branch_id: string; turn: number; model: string; requests: number; total_tokens: number }>(
      db,
      'SELECT branch_id, turn, model, requests, total_tokens FROM advanced_turn_usage WHERE session_id = ? ORDER BY id',
      'adv',
    );
    expect(usageRows.map((r) => [r.branch_id, r.turn, r.model, r.requests])).toEqual([
      ['main', 1, 'gpt-4.1-mini', 1],
      ['main', 2, 'gpt-4.1-mini', 1],
      ['main', 3, 'gpt-4.1-mini', 2],
      [branchId, 2, 'gpt-4.1-mini', 1],
    ]);
    expect(usageRows.every((r) => r.total_tokens > 100)).toBe(true);
  });

  it('reports a bad branch turn as an error line and exits 1 at the end of the script', async () => {
    const run = await runDemo(['chat', '--db', db, '--session', 'adv-errors'], {
      stdin: script('Hello', '/branch 7', '/branch two', '/switch nowhere', '/undo', '/history'),
    });
    expect(run.code).toBe(1);
    expect(replyTo(run.stdout, '/branch 7')).toMatch(/^error: .*turn 7 does not exist/);
    expect(replyTo(run.stdout, '/branch two')).toContain('/branch needs a turn number');
    expect(replyTo(run.stdout, '/switch nowhere')).toMatch(/^error: .*nowhere/);
    expect(replyTo(run.stdout, '/undo')).toContain('removed 2 items');
    expect(replyTo(run.stdout, '/history')).toContain('(no items yet)');
    expect(storedItems(db, 'adv-errors')).toEqual([]);
  });
});
