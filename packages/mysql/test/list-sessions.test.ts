import { isSessionError } from '@sessions/core';
import { numberedItems, userMessage } from '@sessions/conformance';
import { deleteSession, listSessions, MySQLSession, type SessionSummary } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import { createPool, type Pool } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, migrateWithBinary, type TestDatabase } from './mysql-server.js';

await registerWithServer('mysql', '@sessions/mysql listSessions', () => {
  describe('@sessions/mysql listSessions and deleteSession', () => {
    let database: TestDatabase;
    let pool: Pool;
    const ids = Array.from({ length: 7 }, (_, i) => `list-${i}`);

    beforeAll(async () => {
      database = await createTestDatabase();
      migrateWithBinary(database.url);
      pool = createPool({ uri: database.url, connectionLimit: 2 });
      // Written in order, so list-6 is the most recently updated; list-2 gets a later write too.
      for (const [i, id] of ids.entries()) {
        const session = new MySQLSession(id, { pool });
        await session.addItems(numberedItems(i + 1));
        await session.close();
        await new Promise((r) => setTimeout(r, 5));
      }
      const again = new MySQLSession('list-2', { pool });
      await again.addItems([userMessage('latest')]);
      await again.close();
    });
    afterAll(async () => {
      await pool?.end();
      await database?.drop();
    });

    it('lists newest updated first with counts and times, paging with a cursor', async () => {
      const seen: SessionSummary[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listSessions({ pool }, { limit: 3, cursor });
        seen.push(...page.sessions);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen.map((s) => s.sessionId)).toEqual(['list-2', 'list-6', 'list-5', 'list-4', 'list-3', 'list-1', 'list-0']);
      expect(seen.find((s) => s.sessionId === 'list-2')!.itemCount).toBe(4);
      expect(seen.find((s) => s.sessionId === 'list-6')!.itemCount).toBe(7);
      for (const summary of seen) {
        expect(summary.createdAt).toBeInstanceOf(Date);
        expect(Math.abs(summary.updatedAt.getTime() - Date.now())).toBeLessThan(5 * 60_000);
        expect(summary.updatedAt.getTime()).toBeGreaterThanOrEqual(summary.createdAt.getTime());
      }
      const [first] = (await listSessions({ url: database.url }, { limit: 1 })).sessions;
      expect(first!.sessionId).toBe('list-2');
    });

    it('rejects a bad limit or cursor with INVALID_ARGUMENT', async () => {
      for (const options of [{ limit: 0 }, { limit: 1.5 }, { limit: 5000 }, { cursor: 'garbage' }, { cursor: Buffer.from('["x","y"]').toString('base64url') }]) {
        const error = await listSessions({ pool }, options).catch((e: unknown) => e);
        expect(isSessionError(error, 'INVALID_ARGUMENT'), JSON.stringify(options)).toBe(true);
      }
    });

    it('deleteSession removes the session and its items, and reports whether it existed', async () => {
      const session = new MySQLSession('to-delete', { pool });
      await session.addItems(numberedItems(3));
      expect(await deleteSession({ pool }, 'to-delete')).toBe(true);
      expect(await session.getItems()).toEqual([]);
      expect(await deleteSession({ pool }, 'to-delete')).toBe(false);
      const listed = await listSessions({ pool }, { limit: 100 });
      expect(listed.sessions.map((s) => s.sessionId)).not.toContain('to-delete');
      await session.close();
    });
  });
});
