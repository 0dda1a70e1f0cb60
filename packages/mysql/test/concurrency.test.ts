import { numberedItems, userMessage } from '@sessions/conformance';
import { isSessionError, readMigrations } from '@sessions/core';
import { MySQLSession, mysqlMigrationsFolder, runTransaction } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, migrateWithBinary, type TestDatabase } from './mysql-server.js';

/** Each client on a pool of its own: separate connections, like separate app servers. */
function separatePools(url: string, count: number): Pool[] {
  return Array.from({ length: count }, () => createPool({ uri: url, connectionLimit: 2 }));
}

await registerWithServer('mysql', 'MySQLSession concurrency', () => {
  describe('MySQLSession concurrency', () => {
    let database: TestDatabase;
    const pools: Pool[] = [];

    beforeAll(async () => {
      database = await createTestDatabase();
      migrateWithBinary(database.url);
    });
    afterAll(async () => {
      await Promise.allSettled(pools.map((pool) => pool.end()));
      await database?.drop();
    });

    it('8 objects on separate pools making their first write to one new session at once all succeed and lose nothing', async () => {
      const id = `first-write-${Date.now()}`;
      const own = separatePools(database.url, 8);
      pools.push(...own);
      const sessions = own.map((pool) => new MySQLSession(id, { pool }));
      const batches = sessions.map((_, i) => numberedItems(3, `writer ${i} item`));
      const results = await Promise.allSettled(sessions.map((session, i) => session.addItems(batches[i]!)));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);

      const stored = await sessions[0]!.getItems();
      expect(stored).toHaveLength(24);
      // Every batch present, contiguous and in its own order.
      for (let i = 0; i < stored.length; i += 3) {
        const writer = Number(/writer (\d+) item 0/.exec(JSON.stringify(stored[i]))?.[1]);
        expect(stored.slice(i, i + 3)).toEqual(batches[writer]);
      }
      await Promise.all(sessions.map((s) => s.close()));
    });

    it('two clients on separate pools popping one session concurrently get each item exactly once', async () => {
      const id = `pop-race-${Date.now()}`;
      const [poolA, poolB] = separatePools(database.url, 2);
      pools.push(poolA!, poolB!);
      const a = new MySQLSession(id, { pool: poolA! });
      const b = new MySQLSession(id, { pool: poolB! });
      const items = numberedItems(40, 'pop');
      await a.addItems(items);

      const popAll = async (session: MySQLSession) => {
        const got: string[] = [];
        for (;;) {
          const item = await session.popItem();
          if (item === undefined) return got;
          got.push(JSON.stringify(item));
        }
      };
      const [fromA, fromB] = await Promise.all([popAll(a), popAll(b)]);
      const all = [...fromA, ...fromB];
      expect(all).toHaveLength(40);
      expect(new Set(all).size).toBe(40);
      expect(all.sort()).toEqual(items.map((i) => JSON.stringify(i)).sort());
      // Each client saw newest-first order within its own pops.
      for (const got of [fromA, fromB]) {
        const numbers = got.map((text) => Number(/pop (\d+)/.exec(text)![1]));
        expect(numbers).toEqual([...numbers].sort((x, y) => y - x));
      }
      expect(fromA.length).toBeGreaterThan(0);
      expect(fromB.length).toBeGreaterThan(0);
      expect(await a.getItems()).toEqual([]);
      await Promise.all([a.close(), b.close()]);
    });

    it('a write InnoDB picks as a deadlock victim is run again and succeeds', async () => {
      const id = `deadlock-${Date.now()}`;
      const [own] = separatePools(database.url, 1);
      pools.push(own!);
      const other = await own!.getConnection();
      const observer = await own!.getConnection();
      const session = new MySQLSession(id, { pool: createPool({ uri: database.url, connectionLimit: 1 }) });
      try {
        expect(await session.getItems()).toEqual([]); // connected and checked before the race
        // The other transaction is the heavier one (50 rows written), so InnoDB rolls back the session's write.
        await other.query('START TRANSACTION');
        for (let i = 0; i < 50; i++) await other.query('INSERT INTO agent_sessions (session_id) VALUES (?)', [`${id}-filler-${i}`]);
        await other.query('SELECT id FROM agent_messages WHERE session_id = ? FOR UPDATE', [id]); // gap lock where the insert goes
        const write = session.addItems([userMessage('survives a deadlock')]);
        const waiting = async () => {
          const [rows] = await observer.query<RowDataPacket[]>(
            "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE db = ? AND info LIKE 'INSERT INTO `agent_messages`%'",
            [database.name],
          );
          return Number(rows[0]!.n) > 0;
        };
        while (!(await waiting())) await new Promise((r) => setTimeout(r, 20));
        // Closes the cycle: the session holds its new session row, waits for our gap lock; we now want its row.
        await other.query('SELECT session_id FROM agent_sessions WHERE session_id = ? FOR UPDATE', [id]);
        await other.query('COMMIT');
        await write;
        expect(await session.getItems()).toEqual([userMessage('survives a deadlock')]);
        const [status] = await observer.query<RowDataPacket[]>('SHOW ENGINE INNODB STATUS');
        expect(String(status[0]!.Status)).toContain(id);
      } finally {
        other.release();
        observer.release();
        await session.close();
        await session.pool.end();
      }
    });

    it('runTransaction refuses a retry policy it could not keep, and a single connection, before running anything', async () => {
      const [own] = separatePools(database.url, 1);
      pools.push(own!);
      let ran = 0;
      const work = async () => {
        ran++;
      };
      const bad = await runTransaction(own!, 'addItems', work, { attempts: 0, baseDelayMs: 1, maxDelayMs: Number.NaN, budgetMs: 100 }).catch((e: unknown) => e);
      expect(isSessionError(bad, 'INVALID_ARGUMENT')).toBe(true);
      expect((bad as Error).message).toContain('attempts, maxDelayMs');
      const connection = await own!.getConnection();
      const single = await runTransaction(connection as never, 'addItems', work).catch((e: unknown) => e);
      connection.release();
      expect(isSessionError(single, 'INVALID_ARGUMENT')).toBe(true);
      expect(ran).toBe(0);
      expect(await runTransaction(own!, 'addItems', async (c) => (await c.query<RowDataPacket[]>('SELECT 1 AS one'))[0][0]!.one)).toBe(1);
    });

    it('createTables: true from several sessions on separate pools on an empty database migrates once and all work', async () => {
      const empty = await createTestDatabase();
      const own = separatePools(empty.url, 6);
      try {
        const sessions = own.map((pool, i) => new MySQLSession(`create-tables-${i}`, { pool, createTables: true }));
        await Promise.all(sessions.map((session, i) => session.addItems([userMessage(`hello from ${i}`)])));
        for (const [i, session] of sessions.entries()) expect(await session.getItems()).toEqual([userMessage(`hello from ${i}`)]);
        const [recorded] = await own[0]!.query<RowDataPacket[]>('SELECT store, tag FROM sessions_migrations');
        expect(recorded.map((r) => `${r.store}/${r.tag}`)).toEqual(readMigrations(mysqlMigrationsFolder).map((m) => `mysql/${m.tag}`));
        await Promise.all(sessions.map((s) => s.close()));
      } finally {
        await Promise.allSettled(own.map((pool) => pool.end()));
        await empty.drop();
      }
    });
  });
});
