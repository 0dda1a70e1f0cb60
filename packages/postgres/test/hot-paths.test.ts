import { numberedItems, textOf } from '@sessions/conformance';
import type { SessionItem } from '@sessions/core';
import { AdvancedPostgresSession, PostgresSessionStore } from '@sessions/postgres';
import { requireServer } from '@sessions/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedDatabase, type TestDatabase } from './database.js';
import { assistant, user } from './support/advanced.js';
import { planNodes, StatementLog, type LoggedStatement } from './support/statement-log.js';

const serverAvailable = await requireServer('postgres', 'AdvancedPostgresSession round trips and plans');

function turns(count: number, tag: string): SessionItem[] {
  return Array.from({ length: count }, (_, i) => [user(`${tag} q${i + 1}`), assistant(`${tag} a${i + 1}`)]).flat();
}

/** Nodes that read a table whole, or read or sort more rows than `bound`: what a read bounded by its indexes never does. */
async function unboundedSteps(log: StatementLog, statements: LoggedStatement[], bound: number): Promise<string[]> {
  const found: string[] = [];
  for (const statement of StatementLog.data(statements)) {
    for (const node of await planNodes(log.pool, statement)) {
      const rows = (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
      if (node['Node Type'] === 'Seq Scan') found.push(`Seq Scan on ${node['Relation Name']}`);
      if (/Scan|Sort/.test(node['Node Type']) && rows > bound) found.push(`${node['Node Type']} ${node['Index Name'] ?? node['Relation Name'] ?? ''} of ${rows} rows`);
    }
  }
  return found;
}

describe.runIf(serverAvailable)('AdvancedPostgresSession hot paths: round trips and plans', () => {
  let database: TestDatabase;
  let log: StatementLog;
  const open = (id: string) => new AdvancedPostgresSession(id, { pool: log.pool });

  beforeAll(async () => {
    database = await createMigratedDatabase('adv_hot_paths');
    log = new StatementLog(database.url);
    // Other conversations around the ones measured, so plans are those of a populated table.
    const filler = open('filler');
    for (let s = 0; s < 40; s++) {
      const other = open(`other-${s}`);
      await other.addItems(turns(50, `o${s}`));
      await other.createBranchFromTurn(25);
      await other.addItems(turns(5, `ob${s}`));
      await other.close();
    }
    await filler.close();
    // And many more conversations' lanes and branches, written directly.
    await log.pool.query(`INSERT INTO agent_sessions (session_id) SELECT 'fill-' || g FROM generate_series(1, 20000) g`);
    await log.pool.query(`INSERT INTO advanced_lanes (session_id) SELECT 'fill-' || g FROM generate_series(1, 20000) g`);
    await log.pool.query(`INSERT INTO advanced_branches (session_id, branch_id, lane_id) SELECT session_id, 'main', lane_id FROM advanced_lanes WHERE session_id LIKE 'fill-%'`);
    await log.pool.query(`INSERT INTO advanced_session_metadata (session_id, metadata) SELECT 'fill-' || g, '{"n":' || g || '}' FROM generate_series(1, 20000) g`);
    await log.pool.query(`UPDATE agent_sessions SET owner = 'owner-' || (substr(session_id, 6)::int % 1000) WHERE session_id LIKE 'fill-%'`);
    await log.pool.query(`INSERT INTO advanced_branch_handles (branch_id, session_id) SELECT 'fill-branch-' || g, 'fill-' || g FROM generate_series(1, 20000) g`);
    await log.pool.query(`INSERT INTO agent_messages (session_id, message_data)
      SELECT 'fill-' || (g % 2000 + 1), '{"role":"user","content":"x"}' FROM generate_series(1, 100000) g`);
    await log.pool.query(`INSERT INTO advanced_message_structure (session_id, message_id, lane_id, turn, kind, search_text)
      SELECT m.session_id, m.id, l.lane_id, 1, 'user', 'x' FROM agent_messages m JOIN advanced_lanes l ON l.session_id = m.session_id
      WHERE m.session_id LIKE 'fill-%'`);
    await log.pool.query('ANALYZE');
  });
  afterAll(async () => {
    await log?.end();
    await database?.drop();
  });

  it('getItems(50) on a branch is one statement whatever the number of forks above it, and reads only index ranges', async () => {
    const counts = new Map<number, number>();
    for (const forks of [1, 20]) {
      const session = open(`forks-${forks}`);
      const expected: SessionItem[] = [];
      for (let f = 0; f < forks; f++) {
        const batch = turns(5, `f${forks}.${f}`);
        await session.addItems(batch);
        expected.push(...batch);
        await session.createBranch();
      }
      const own = turns(3, 'own');
      await session.addItems(own);
      expected.push(...own);
      const branch = open(await session.getSessionId());
      await branch.getCurrentBranchId(); // resolves the handle first
      const statements = await log.record(async () => expect(await branch.getItems(50)).toEqual(expected.slice(-50)));
      counts.set(forks, statements.length);
      expect(await unboundedSteps(log, statements, 50 * (forks + 1))).toEqual([]);
      await Promise.all([session.close(), branch.close()]);
    }
    expect(counts.get(1)).toBe(1);
    expect(counts.get(20)).toBe(1);
  });

  it('addItems is a transaction of one lock and one statement; its statements read only index ranges', async () => {
    const session = open('appends');
    await session.addItems(turns(500, 'long'));
    const batch = [user('next q'), assistant('next a'), user('and then'), assistant('done')];
    const statements = await log.record(() => session.addItems(batch));
    expect(statements.map((s) => s.text.trim().split(/\s+/)[0])).toEqual(['BEGIN', 'INSERT', 'WITH', 'COMMIT']);
    expect(await unboundedSteps(log, statements, 50)).toEqual([]);
    expect((await session.getConversationTurns()).at(-1)).toMatchObject({ turn: 502, content: 'and then' });
    await session.close();
  });

  it('createBranchFromTurn sends the same statements at 10 and at 1,000 turns (nothing is copied)', async () => {
    const shapes: string[][] = [];
    for (const n of [10, 1000]) {
      const session = open(`scale-${n}`);
      await session.addItems(turns(n, `s${n}`));
      await session.getCurrentTurn(); // resolved and its chain cached, as in a running app
      const statements = await log.record(() => session.createBranchFromTurn(n / 2));
      shapes.push(statements.map((s) => s.text));
      expect(await unboundedSteps(log, statements, 50)).toEqual([]);
      expect(await session.getItems()).toHaveLength(n - 2);
      await session.close();
    }
    expect(shapes[1]).toEqual(shapes[0]);
  });

  it('the store lists the first page, by owner or not, through its indexes, reading only the page\'s sessions', async () => {
    const store = await PostgresSessionStore.open({ pool: log.pool });
    for (const options of [{ limit: 50 }, { owner: 'owner-7', limit: 50 }]) {
      let listed = 0;
      const statements = await log.record(async () => {
        const { sessions } = await store.listSessions(options);
        expect(sessions.length).toBeGreaterThan(0);
        listed = sessions.reduce((rows, session) => rows + session.itemCount, 0);
      });
      expect(statements).toHaveLength(1);
      // The page's sessions (and the one after it) and their items on main are read to count them (itemCount);
      // earlier cases of this file leave long sessions that may be on the page. Nothing else is read.
      expect(await unboundedSteps(log, statements, Math.max(51 * 55, listed + 51))).toEqual([]);
    }
    await store.close();
  });

  it('several sessions of one id write through the one-statement path without losing a batch', async () => {
    const sessions = Array.from({ length: 4 }, () => open('parallel'));
    const batches = sessions.map((_, w) => numberedItems(6, `w${w}`));
    await Promise.all(sessions.map((s, w) => s.addItems(batches[w]!)));
    const stored = await sessions[0]!.getItems();
    expect(stored).toHaveLength(24);
    for (let i = 0; i < 24; i += 6) expect(textOf(stored[i])).toMatch(/ 0$/);
    await Promise.all(sessions.map((s) => s.close()));
  });
});
