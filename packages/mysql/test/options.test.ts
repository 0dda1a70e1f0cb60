import { isSessionError } from '@sessions/core';
import { numberedItems, userMessage } from '@sessions/conformance';
import { MySQLSession } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import { drizzle } from 'drizzle-orm/mysql2';
import mysql from 'mysql2';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, migrateWithBinary, type TestDatabase } from './mysql-server.js';

async function errorOf(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  return undefined;
}

await registerWithServer('mysql', 'MySQLSession options', () => {
  describe('MySQLSession options', () => {
    let database: TestDatabase;
    let pool: Pool;

    beforeAll(async () => {
      database = await createTestDatabase();
      migrateWithBinary(database.url);
      pool = createPool({ uri: database.url, connectionLimit: 4 });
    });
    afterAll(async () => {
      await pool?.end();
      await database?.drop();
    });

    it('close() leaves a pool the user passed in open', async () => {
      const session = new MySQLSession('user-pool', { pool });
      await session.addItems(numberedItems(2));
      await session.close();
      const [rows] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM agent_messages WHERE session_id = ?', ['user-pool']);
      expect(Number(rows[0]!.n)).toBe(2);
      const again = new MySQLSession('user-pool', { pool });
      expect(await again.getItems()).toHaveLength(2);
      await again.close();
    });

    it('close() of a fromUrl session ends the pool it opened', async () => {
      const session = MySQLSession.fromUrl('own-pool', { url: database.url });
      await session.addItems([userMessage('hi')]);
      const ownPool = session.pool;
      await session.close();
      const error = await errorOf(() => ownPool.query('SELECT 1'));
      expect(String(error)).toMatch(/closed/i);
    });

    it('sessions from one URL share a pool until the last one closes', async () => {
      const a = MySQLSession.fromUrl('shared-a', { url: database.url });
      const b = MySQLSession.fromUrl('shared-b', { url: database.url });
      expect(a.pool).toBe(b.pool);
      await a.close();
      await b.addItems([userMessage('still open')]);
      expect(await b.getItems()).toEqual([userMessage('still open')]);
      await b.close();
    });

    it('works on a Drizzle mysql2 database and leaves it open', async () => {
      const db = drizzle(pool);
      const session = new MySQLSession('drizzle-db', { db });
      await session.addItems([userMessage('via drizzle')]);
      expect(await session.getItems()).toEqual([userMessage('via drizzle')]);
      await session.close();
      const [rows] = await db.$client.query<RowDataPacket[]>('SELECT 1 AS one');
      expect(rows[0]!.one).toBe(1);
    });

    it('works on a Drizzle database made from a URL (a callback pool) and on a callback pool', async () => {
      const db = drizzle(database.url);
      const callbackPool = mysql.createPool({ uri: database.url, connectionLimit: 2 });
      try {
        const viaDb = new MySQLSession('callback', { db });
        const viaPool = new MySQLSession('callback', { pool: callbackPool });
        await viaDb.addItems([userMessage('one')]);
        await viaPool.addItems([userMessage('two')]);
        expect(await viaDb.getItems()).toEqual([userMessage('one'), userMessage('two')]);
        await Promise.all([viaDb.close(), viaPool.close()]);
      } finally {
        await db.$client.promise().end();
        await callbackPool.promise().end();
      }
    });

    it('limits above 100 (read without a prepared statement) return the same exact items', async () => {
      const session = new MySQLSession('big-limit', { pool });
      const items = numberedItems(150, 'nul \u0000 😀 item');
      await session.addItems(items);
      expect(await session.getItems(120)).toEqual(items.slice(-120));
      expect(await session.getItems(100)).toEqual(items.slice(-100));
      expect(JSON.stringify(await session.getItems(1000))).toBe(JSON.stringify(items));
      await session.close();
    });

    it('sessionSettings.limit is the default read size', async () => {
      const session = new MySQLSession('settings', { pool, sessionSettings: { limit: 2 } });
      await session.addItems(numberedItems(5));
      expect(await session.getItems()).toEqual(numberedItems(5).slice(-2));
      expect(await session.getItems(3)).toEqual(numberedItems(5).slice(-3));
      await session.close();
    });

    it('without createTables, an unmigrated database fails with MIGRATION_FAILED naming the migrate command, and writes nothing', async () => {
      const empty = await createTestDatabase();
      try {
        const session = MySQLSession.fromUrl('not-migrated', { url: empty.url });
        const error = await errorOf(() => session.addItems([userMessage('lost?')]));
        expect(isSessionError(error, 'MIGRATION_FAILED'), String(error)).toBe(true);
        expect((error as Error).message).toContain('sessions-mysql migrate');
        expect((error as Error).message).toContain('not-migrated');
        await session.close();
        const check = createPool({ uri: empty.url, connectionLimit: 1 });
        const [tables] = await check.query<RowDataPacket[]>('SHOW TABLES');
        await check.end();
        expect(tables).toEqual([]);
        // After the documented command, the same kind of session works.
        migrateWithBinary(empty.url);
        const later = MySQLSession.fromUrl('not-migrated', { url: empty.url });
        await later.addItems([userMessage('now')]);
        expect(await later.getItems()).toEqual([userMessage('now')]);
        await later.close();
      } finally {
        await empty.drop();
      }
    });

    it('on one pool, a createTables session migrates even after a plain session found the tables missing', async () => {
      const empty = await createTestDatabase();
      const shared = createPool({ uri: empty.url, connectionLimit: 2 });
      try {
        const plain = new MySQLSession('plain', { pool: shared });
        const error = await errorOf(() => plain.getItems());
        expect(isSessionError(error, 'MIGRATION_FAILED'), String(error)).toBe(true);
        expect((error as Error).message).toContain('"plain"');
        const creating = new MySQLSession('creating', { pool: shared, createTables: true });
        await creating.addItems([userMessage('made the tables')]);
        await plain.addItems([userMessage('works now')]);
        expect(await plain.getItems()).toEqual([userMessage('works now')]);
        await Promise.all([plain.close(), creating.close()]);
      } finally {
        await shared.end();
        await empty.drop();
      }
    });

    it('a session whose tables were dropped after it started reports MIGRATION_FAILED, not a raw driver error', async () => {
      const other = await createTestDatabase();
      try {
        migrateWithBinary(other.url);
        const session = MySQLSession.fromUrl('dropped', { url: other.url });
        await session.addItems([userMessage('x')]);
        await session.pool.query('DROP TABLE agent_messages');
        const error = await errorOf(() => session.getItems());
        expect(isSessionError(error, 'MIGRATION_FAILED'), String(error)).toBe(true);
        await session.close();
      } finally {
        await other.drop();
      }
    });

    it('rejects bad options with INVALID_ARGUMENT', async () => {
      const cases: [string, () => unknown][] = [
        ['no target', () => new MySQLSession('x', {})],
        ['two targets', () => new MySQLSession('x', { pool, url: database.url })],
        ['not a URL', () => MySQLSession.fromUrl('x', { url: 'not a url' })],
        ['a postgres URL', () => MySQLSession.fromUrl('x', { url: 'postgres://h/db' })],
        ['a URL without database', () => MySQLSession.fromUrl('x', { url: 'mysql://root@127.0.0.1:3306' })],
        ['a connection, not a pool', () => new MySQLSession('x', { pool: { query() {} } as never })],
        ['a non-utf8mb4 pool', () => new MySQLSession('x', { pool: createPool({ uri: database.url, charset: 'LATIN1_SWEDISH_CI' }) })],
        ['createTables not a boolean', () => new MySQLSession('x', { pool, createTables: 'yes' as never })],
        ['a trailing space in the id', () => new MySQLSession('user-1 ', { pool })],
        ['an empty id', () => new MySQLSession('', { pool })],
      ];
      for (const [label, make] of cases) {
        const error = await errorOf(make);
        expect(isSessionError(error, 'INVALID_ARGUMENT'), `${label}: ${String(error)}`).toBe(true);
      }
    });

    it('session ids are exact: case, accents and a 255-character utf8mb4 id are distinct keys', async () => {
      const ids = ['Case', 'case', 'café', 'cafe', '😀'.repeat(255)];
      const sessions = ids.map((id) => new MySQLSession(id, { pool }));
      for (const [i, session] of sessions.entries()) await session.addItems([userMessage(`for ${ids[i]!.slice(0, 8)}`)]);
      for (const [i, session] of sessions.entries()) expect(await session.getItems()).toEqual([userMessage(`for ${ids[i]!.slice(0, 8)}`)]);
      await Promise.all(sessions.map((s) => s.close()));
    });
  });
});
