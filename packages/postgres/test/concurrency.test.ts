import { numberedItems, textOf, userMessage } from '@sessions/conformance';
import { PostgresSession, shippedMigrations } from '@sessions/postgres';
import { requireServer } from '@sessions/test-servers';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createMigratedDatabase, testPool, type TestDatabase } from './database.js';

const serverAvailable = await requireServer('postgres', 'the @sessions/postgres concurrency tests');

describe.runIf(serverAvailable)('PostgresSession under concurrency (separate pools, like separate app servers)', () => {
  let database: TestDatabase;
  const pools: pg.Pool[] = [];
  const pool = (url = database.url) => {
    const created = testPool(url);
    pools.push(created);
    return created;
  };

  beforeAll(async () => {
    database = await createMigratedDatabase('concurrency');
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await database?.drop();
  });

  it('8 objects on separate pools making their first write to one new session at once all succeed, losing nothing', async () => {
    const id = `first-write-${Date.now()}`;
    const sessions = Array.from({ length: 8 }, () => new PostgresSession(id, { pool: pool() }));
    // Warm every pool so the writes really start together, not one connection at a time.
    await Promise.all(sessions.map((s) => s.pool.query('SELECT 1')));
    const batches = sessions.map((_, w) => numberedItems(5, `writer ${w}`));
    await Promise.all(sessions.map((s, w) => s.addItems(batches[w]!)));

    const stored = await sessions[0]!.getItems();
    expect(stored).toHaveLength(40);
    for (let i = 0; i < stored.length; i += 5) {
      const writer = /writer (\d+) 0/.exec(textOf(stored[i]) ?? '');
      expect(writer, `item ${i} opens a batch`).not.toBeNull();
      expect(stored.slice(i, i + 5)).toEqual(batches[Number(writer![1])]);
    }
    const { rows } = await sessions[0]!.pool.query('SELECT count(*)::int AS n FROM agent_sessions WHERE session_id = $1', [id]);
    expect(rows[0].n).toBe(1);
    await Promise.all(sessions.map((s) => s.close()));
  });

  it('two clients on separate pools popping one session concurrently get each item exactly once', async () => {
    const id = `pop-race-${Date.now()}`;
    const a = new PostgresSession(id, { pool: pool() });
    const b = new PostgresSession(id, { pool: pool() });
    const items = numberedItems(200, 'pop');
    await a.addItems(items);

    // Each client pops with several calls in flight at once, until the session is empty.
    const popAll = async (session: PostgresSession) => {
      const got: string[] = [];
      const worker = async () => {
        for (;;) {
          const item = await session.popItem();
          if (item === undefined) return;
          got.push(textOf(item)!);
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      return got;
    };
    const [fromA, fromB] = await Promise.all([popAll(a), popAll(b)]);
    const all = [...fromA, ...fromB];
    expect(fromA.length).toBeGreaterThan(0);
    expect(fromB.length).toBeGreaterThan(0);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(items.map((i) => textOf(i)!).sort());
    expect(await a.getItems()).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('a pop never comes back empty while items remain, even racing the same newest row', async () => {
    const id = `pop-newest-${Date.now()}`;
    const sessions = Array.from({ length: 6 }, () => new PostgresSession(id, { pool: pool() }));
    await sessions[0]!.addItems(numberedItems(6, 'newest'));
    // Six pops at once all target the same newest row first; each must still get an item.
    const popped = await Promise.all(sessions.map((s) => s.popItem()));
    expect(popped.every((item) => item !== undefined)).toBe(true);
    expect(new Set(popped.map(textOf)).size).toBe(6);
    await Promise.all(sessions.map((s) => s.close()));
  });

  it('concurrent batches into one session from separate pools stay contiguous and ordered by id', async () => {
    const id = `batches-${Date.now()}`;
    const sessions = Array.from({ length: 4 }, () => new PostgresSession(id, { pool: pool() }));
    const writes = sessions.flatMap((s, w) => Array.from({ length: 10 }, (_, b) => ({ s, batch: numberedItems(4, `w${w} b${b}`) })));
    await Promise.all(writes.map(({ s, batch }) => s.addItems(batch)));
    const stored = await sessions[0]!.getItems();
    expect(stored).toHaveLength(160);
    for (let i = 0; i < stored.length; i += 4) {
      const tag = /^(w\d+ b\d+) 0$/.exec(textOf(stored[i]) ?? '');
      expect(tag, `item ${i} opens a batch`).not.toBeNull();
      expect(stored.slice(i, i + 4).map(textOf)).toEqual([0, 1, 2, 3].map((n) => `${tag![1]} ${n}`));
    }
    await Promise.all(sessions.map((s) => s.close()));
  });

  it('createTables: true from several sessions at once on an empty database migrates exactly once', async () => {
    const empty = await createDatabase('create_tables');
    try {
      const sessions = Array.from({ length: 6 }, (_, i) => new PostgresSession(`create-${i}`, { pool: pool(empty.url), createTables: true }));
      await Promise.all(sessions.map((s, i) => s.addItems([userMessage(`hello ${i}`)])));
      for (const [i, s] of sessions.entries()) expect(await s.getItems()).toEqual([userMessage(`hello ${i}`)]);
      const { rows } = await sessions[0]!.pool.query("SELECT tag FROM sessions_migrations WHERE store = 'postgres'");
      expect(rows.map((r) => r.tag).sort()).toEqual(shippedMigrations().map((m) => m.tag));
      await Promise.all(sessions.map((s) => s.close()));
    } finally {
      await Promise.all(pools.splice(0).map((p) => p.end()));
      await empty.drop();
    }
  });
});
