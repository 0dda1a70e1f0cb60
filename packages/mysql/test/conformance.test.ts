import { runConformanceSuite } from '@sessions/conformance';
import { MySQLSession } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import type { Connection } from 'mysql2/promise';
import { expect } from 'vitest';
import { createTestDatabase, migrateWithBinary, rawReader, rootConnection, type TestDatabase } from './mysql-server.js';

let database: TestDatabase;
let raw: Connection;

await registerWithServer('mysql', 'MySQLSession conformance', () => {
  runConformanceSuite({
    name: 'MySQLSession (MariaDB/MySQL)',
    setup: async () => {
      database = await createTestDatabase();
      // The documented user path, on the empty database, before any case runs.
      expect(migrateWithBinary(database.url)).toContain('applied 0000_initial');
      raw = await rootConnection();
      await raw.query(`USE \`${database.name}\``);
    },
    teardown: async () => {
      await raw?.end();
      await database?.drop();
    },
    createSession: (sessionId, options) => MySQLSession.fromUrl(sessionId, { url: database.url, ...options }),
    raw: rawReader(() => raw),
    capabilities: {
      historyCapabilities: true,
      // Fewer kills than on SQLite and PostgreSQL, which run the full 50: the same code path, a shorter test run.
      processes: { sessionModule: new URL('./open-session.ts', import.meta.url), env: () => ({ SESSIONS_CONFORMANCE_MYSQL_URL: database.url }) },
    },
  });
});
