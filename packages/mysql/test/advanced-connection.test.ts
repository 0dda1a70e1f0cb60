import { isSessionError } from '@sessions/core';
import { AdvancedMySQLSession } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import { createPool, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, migrateWithBinary, rootConnection, type TestDatabase } from './mysql-server.js';
import { assistant, texts, user } from './support/advanced.js';

await registerWithServer('mysql', 'AdvancedMySQLSession lost connections', () => {
  describe('AdvancedMySQLSession when its connection dies', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
      migrateWithBinary(database.url);
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('a call on a killed connection fails with CONNECTION_LOST, stores nothing half, and the next call works', async () => {
      const pool = createPool({ uri: database.url, connectionLimit: 1 });
      const session = new AdvancedMySQLSession('killed', { pool });
      const admin = await rootConnection();
      try {
        await session.addItems([user('q1'), assistant('a1')]);
        // Another client holds the session's row, so the next write waits inside its transaction; then its connection is killed.
        const holder = await rootConnection();
        await holder.query(`USE \`${database.name}\``);
        await holder.query('START TRANSACTION');
        await holder.query(`SELECT 1 FROM agent_sessions WHERE session_id = 'killed' FOR UPDATE`);
        const pending = session.addItems([user('q2'), assistant('a2')]).catch((e: unknown) => e);
        let victim: number | undefined;
        for (let i = 0; i < 200 && victim === undefined; i++) {
          const [rows] = await admin.query<RowDataPacket[]>(
            `SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'INSERT INTO \`agent_sessions\`%'`,
            [database.name],
          );
          victim = rows[0] ? Number(rows[0].id) : undefined;
          if (victim === undefined) await new Promise((r) => setTimeout(r, 10));
        }
        expect(victim).toBeDefined();
        await admin.query(`KILL ${victim}`);
        const error = await pending;
        await holder.query('ROLLBACK');
        await holder.end();
        expect(isSessionError(error, 'CONNECTION_LOST'), String(error)).toBe(true);
        expect((error as Error).message).toMatch(/may or may not have been stored/);
        // Killed before its COMMIT: nothing of the batch was stored, and the same object goes on.
        expect(texts(await session.getItems())).toEqual(['q1', 'a1']);
        await session.addItems([user('q3')]);
        expect(texts(await session.getItems())).toEqual(['q1', 'a1', 'q3']);
      } finally {
        await admin.end();
        await session.close();
        await pool.end();
      }
    });
  });
});
