import { afterAll, describe, expect, it } from 'vitest';
import { TOUR_STEPS } from '../src/tour/tour.js';
import { createMigratedMySQLDatabase, mysqlAvailable } from './helpers/mysql.js';
import { createMigratedDatabase, postgresAvailable } from './helpers/postgres.js';
import { runDemo, runPnpmDemo } from './helpers/run-demo.js';
import { query, storedItems } from './helpers/sqlite-tables.js';
import { tempDir } from './helpers/temp-dir.js';

const dir = tempDir('tour');
afterAll(() => dir.remove());

function expectEveryStep(stdout: string): void {
  TOUR_STEPS.forEach((step, i) => expect(stdout).toContain(`Step ${i + 1}/${TOUR_STEPS.length}: ${step.title}`));
  expect(stdout).toContain('Tour complete.');
}

describe('pnpm demo (the tour), end to end in a child process', () => {
  it('`pnpm demo` runs every step to the end on advanced-sqlite, and again on the same file', async () => {
    const db = dir.file('demo.db');
    const first = await runPnpmDemo(['--db', db]);
    expect(first.code).toBe(0);
    expectEveryStep(first.stdout);
    expect(first.stdout).not.toContain('Skipped');
    expect(first.stdout).toContain('offline scripted model (no network)');
    // The second process's turn, then the first process reading it back.
    expect(first.stdout).toMatch(/│ Opened session tour_\S+: it holds 8 items from earlier runs\./);
    expect(first.stdout).toMatch(/│ agent .*Yes, bring a jacket\./);
    expect(first.stdout).toContain('reads all 12 items');
    expect(first.stdout).toMatch(/agent\s+The Golden Gate Bridge is about 2\.7 km/);
    expect(first.stdout).toMatch(/Whole session, all branches: 5 runs, 7 requests, .* cost \$0\.00\d+/);

    const sessionId = /session (tour_\S+) ·/.exec(first.stdout)?.[1];
    expect(sessionId).toBeDefined();
    const items = storedItems(db, sessionId!);
    expect(items).toHaveLength(14); // main: 4 turns, 12 items; the branch: its own turn 2 (2 items)
    expect(items.filter((i) => i.type === 'function_call_result')).toHaveLength(2);
    expect(query(db, 'SELECT parent_branch_id, from_turn FROM advanced_branches WHERE session_id = ? AND branch_id <> ?', sessionId, 'main')).toEqual([
      { parent_branch_id: 'main', from_turn: 2 },
    ]);
    const usage = query<{ total: number; rows: number }>(db, 'SELECT sum(total_tokens) AS total, count(*) AS rows FROM advanced_turn_usage WHERE session_id = ?', sessionId);
    expect(usage[0]!.rows).toBe(5);
    expect(usage[0]!.total).toBeGreaterThan(1000);

    const again = await runDemo(['--db', db]);
    expect(again.code).toBe(0);
    expectEveryStep(again.stdout);
    expect(query(db, "SELECT count(*) AS n FROM agent_sessions WHERE session_id LIKE 'tour_%'")).toEqual([{ n: 2 }]);
  });

  it('runs to the end on plain @sessions/sqlite, saying which steps need advanced-sqlite', async () => {
    const run = await runDemo(['--store', 'sqlite', '--db', dir.file('plain.db')]);
    expect(run.code).toBe(0);
    expectEveryStep(run.stdout);
    expect(run.stdout).toContain('Skipped: the sqlite store has no branches');
    expect(run.stdout).toContain('Skipped: the sqlite store does not record usage');
    expect(run.stdout).toContain('reads all 12 items');
  });

  it('refuses a --session that already holds items, naming it', async () => {
    const db = dir.file('taken.db');
    await runDemo(['ask', 'Hello', '--db', db, '--session', 'taken']);
    const run = await runDemo(['--db', db, '--session', 'taken']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('session taken already holds 2 items');
  });

  // The tour unchanged on the advanced server stores: the branch, usage and search steps run, none is skipped.
  const servers = [
    { name: 'PostgreSQL', store: 'postgres', available: postgresAvailable, create: createMigratedDatabase },
    { name: 'MySQL', store: 'mysql', available: mysqlAvailable, create: createMigratedMySQLDatabase },
  ] as const;
  for (const server of servers) {
    it.runIf(server.available)(`runs every step to the end on ${server.name}, the second process reaching it by --url`, async () => {
      const database = await server.create();
      try {
        const run = await runDemo(['--store', server.store, '--url', database.url]);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expectEveryStep(run.stdout);
        expect(run.stdout).not.toContain('Skipped');
        expect(run.stdout).toContain('reads all 12 items');
        expect(run.stdout).toMatch(/agent\s+The Golden Gate Bridge is about 2\.7 km/);
        expect(run.stdout).toMatch(/Whole session, all branches: 5 runs, 7 requests, .* cost \$0\.00\d+/);
      } finally {
        await database.drop();
      }
    });
  }
});

describe('pnpm demo golden-gate (the first demo)', () => {
  it('stores the two-question conversation; a second run continues it', async () => {
    const db = dir.file('conversations.db');
    const first = await runDemo(['golden-gate', '--db', db]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('A new conversation.');
    expect(first.stdout).toMatch(/agent\s+The Golden Gate Bridge is in San Francisco\./);
    expect(first.stdout).toMatch(/agent\s+San Francisco is in California/);

    const second = await runDemo(['golden-gate', '--db', db]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already holds 4 items from earlier runs');
    expect(second.stdout).toContain('the runner sent the model the 4 stored items before this question');
    expect(second.stdout).toMatch(/agent\s+As I said before: The Golden Gate Bridge is in San Francisco\./);
    const items = storedItems(db, 'conversation_123');
    expect(items).toHaveLength(8);
    expect(items.filter((i) => i.role === 'user').map((i) => i.content)).toEqual([
      'What city is the Golden Gate Bridge in?',
      'What state is it in?',
      'What city is the Golden Gate Bridge in?',
      'What state is it in?',
    ]);
  });
});
