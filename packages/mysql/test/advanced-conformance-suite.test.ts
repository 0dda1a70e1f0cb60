import { runAdvancedConformanceSuite } from '@sessions/conformance';
import { AdvancedMySQLSession, migrate } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import { createPool, type Pool } from 'mysql2/promise';
import { afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './mysql-server.js';
import { advancedRawAccess } from './support/advanced-raw.js';

let database: TestDatabase | undefined;
let raw: Pool | undefined;

afterAll(async () => {
  await raw?.end();
  await database?.drop();
});

await registerWithServer('mysql', 'AdvancedMySQLSession advanced conformance', () => {
  runAdvancedConformanceSuite({
    name: 'AdvancedMySQLSession (MariaDB/MySQL)',
    processes: {
      sessionModule: new URL('./fixtures/open-advanced-session.ts', import.meta.url),
      env: () => ({ SESSIONS_CONFORMANCE_MYSQL_URL: database!.url }),
    },
    // One migrated database for the file, emptied for each case (every table cascades from agent_sessions).
    async newStore() {
      if (!database) {
        database = await createTestDatabase();
        await migrate({ url: database.url });
        raw = createPool({ uri: database.url, connectionLimit: 2 });
      }
      const url = database.url;
      const pool = raw!;
      await pool.query('DELETE FROM agent_sessions');
      return {
        open: (sessionId, options) => AdvancedMySQLSession.fromUrl(sessionId, { url, ...options }),
        raw: advancedRawAccess(() => pool),
        async drop() {
          await pool.query('DELETE FROM agent_sessions');
        },
      };
    },
  });
});
