import { runConformanceSuite } from '@sessions/conformance';
import { PostgresSession } from '@sessions/postgres';
import { registerWithServer } from '@sessions/test-servers';
import type pg from 'pg';
import { createMigratedDatabase, testPool, type TestDatabase } from './database.js';

let database: TestDatabase;
let pool: pg.Pool;

// The same contract on the app's own pool: every case closes its sessions, so a
// close() that ended a borrowed pool would break every case after the first.
await registerWithServer('postgres', 'session conformance: PostgresSession ({ pool })', () => {
  runConformanceSuite({
    name: 'PostgresSession ({ pool })',
    setup: async () => {
      database = await createMigratedDatabase('conformance_pool');
      pool = testPool(database.url);
    },
    teardown: async () => {
      await pool?.end();
      await database?.drop();
    },
    createSession: (sessionId, options) => new PostgresSession(sessionId, { pool, ...options }),
    capabilities: { historyCapabilities: true },
  });
});
