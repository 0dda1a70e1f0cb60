import { isSessionError } from '@sessions/core';
import { numberedItems, textOf, userMessage } from '@sessions/conformance';
import { MySQLSession, runTransaction, type RetryPolicy } from '@sessions/mysql';
import { registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';
import type { Connection, Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { causalConnection, createClusterDatabase, poolOn } from './cluster.js';

const QUICK: RetryPolicy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2, budgetMs: 10_000 };

const NEWEST = 'SELECT id, message_data FROM agent_messages WHERE session_id = ? ORDER BY id DESC LIMIT 1 FOR UPDATE';

await registerWithServer('galera', 'transactions on a Galera cluster', () => {
  describe('transactions and reads across the nodes of a Galera cluster', () => {
    let database: ThrowawayDatabase;
    let node1: Pool;
    let node2: Connection;

    beforeAll(async () => {
      database = await createClusterDatabase();
      node1 = poolOn(database.urls[0]!);
      node2 = await causalConnection(database.urls[1]!);
    });
    afterAll(async () => {
      await node1?.end();
      await node2?.end();
      await database?.drop();
    });

    it('a pop whose COMMIT loses to another node is run again whole: no item is removed twice', async () => {
      const id = 'pop-conflict';
      const session = new MySQLSession(id, { pool: node1 });
      await session.addItems(numberedItems(3, 'pop'));
      let attempts = 0;
      const popped = await runTransaction(node1, 'popItem', async (connection) => {
        attempts++;
        const [rows] = await connection.execute<RowDataPacket[]>(NEWEST, [id]);
        const row = rows[0]!;
        await connection.execute('DELETE FROM agent_messages WHERE id = ?', [row.id]);
        // Meanwhile a client on node 2 pops the same item, and its COMMIT is certified first.
        if (attempts === 1) {
          const [deleted] = await node2.execute<ResultSetHeader>('DELETE FROM agent_messages WHERE id = ?', [row.id]);
          expect(deleted.affectedRows).toBe(1);
        }
        return JSON.parse(row.message_data as string);
      });
      expect(attempts).toBe(2);
      expect(textOf(popped)).toBe('pop 1');
      expect((await session.getItems()).map(textOf)).toEqual(['pop 0']);
      await session.close();
    });

    it('when every attempt loses, the bound is kept and the error says how many attempts were made; nothing is written', async () => {
      const id = 'always-conflicting';
      const session = new MySQLSession(id, { pool: node1 });
      await session.addItems([userMessage('before')]);
      let attempts = 0;
      const error = await runTransaction(node1, 'addItems', async (connection) => {
        attempts++;
        await connection.execute('UPDATE agent_sessions SET updated_at = UTC_TIMESTAMP(3) + INTERVAL 1 DAY WHERE session_id = ?', [id]);
        await connection.execute("INSERT INTO agent_messages (session_id, message_data) VALUES (?, '\"lost\"')", [id]);
        await node2.execute('UPDATE agent_sessions SET updated_at = updated_at + INTERVAL 1000 MICROSECOND WHERE session_id = ?', [id]);
      }, QUICK).catch((caught: unknown) => caught);
      expect(attempts).toBe(3);
      expect(isSessionError(error, 'STORAGE_ERROR')).toBe(true);
      expect((error as Error).message).toMatch(/^addItems gave up after 3 attempts in \d+ ms: each was rolled back by a conflicting concurrent transaction, so nothing was changed/);
      expect((await session.getItems()).map(textOf)).toEqual(['before']);
      await session.close();
    });

    it('the time bound ends the retries before the attempt count does', async () => {
      let attempts = 0;
      const started = Date.now();
      const error = await runTransaction(node1, 'addItems', async (connection) => {
        attempts++;
        await connection.execute("INSERT INTO agent_sessions (session_id) VALUES ('budget') ON DUPLICATE KEY UPDATE updated_at = updated_at + INTERVAL 1000 MICROSECOND");
        await node2.execute("INSERT INTO agent_sessions (session_id) VALUES ('budget') ON DUPLICATE KEY UPDATE updated_at = updated_at + INTERVAL 1000 MICROSECOND");
      }, { attempts: 1_000, baseDelayMs: 40, maxDelayMs: 40, budgetMs: 300 }).catch((caught: unknown) => caught);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(attempts).toBeLessThan(1_000);
      expect((error as Error).message).toContain(`gave up after ${attempts} attempts`);
    });

    it('a failure that is not a conflict is not retried', async () => {
      let attempts = 0;
      const error = await runTransaction(node1, 'addItems', async (connection) => {
        attempts++;
        await connection.execute('INSERT INTO agent_messages (session_id, message_data) VALUES (?, ?)', ['no-such-session', '"x"']);
      }).catch((caught: unknown) => caught);
      expect(attempts).toBe(1);
      expect((error as { code?: unknown }).code).toBe('ER_NO_REFERENCED_ROW_2');
    });

    it('a read on one node waits for a write committed through another node before it answers', async () => {
      const id = 'causal-read';
      const writer = new MySQLSession(id, { pool: node1 });
      const reader = MySQLSession.fromUrl(id, { url: database.urls[1]! });
      const holder = await causalConnection(database.urls[1]!);
      try {
        expect(await reader.getItems()).toEqual([]); // ready, before node 2 stops applying
        // A global read lock on node 2 holds back what it applies from the others; node 1 still commits.
        await holder.query('FLUSH TABLES WITH READ LOCK');
        await writer.addItems([userMessage('written through node 1')]);
        let answered = false;
        const read = reader.getItems().finally(() => (answered = true));
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(answered).toBe(false);
        await holder.query('UNLOCK TABLES');
        expect((await read).map(textOf)).toEqual(['written through node 1']);
      } finally {
        await holder.end();
        await Promise.all([writer.close(), reader.close()]);
      }
    });
  });
});
