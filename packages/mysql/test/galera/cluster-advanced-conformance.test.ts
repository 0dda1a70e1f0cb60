import { runAdvancedConformanceSuite } from '@sessions/conformance';
import { AdvancedMySQLSession } from '@sessions/mysql';
import { registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';
import type { Pool } from 'mysql2/promise';
import { afterAll } from 'vitest';
import { advancedRawAccess } from '../support/advanced-raw.js';
import { createClusterDatabase, poolOn } from './cluster.js';

let database: ThrowawayDatabase | undefined;
let raw: Pool | undefined;
let next = 0;

afterAll(async () => {
  await raw?.end();
  await database?.drop();
});

await registerWithServer('galera', 'AdvancedMySQLSession advanced conformance on a Galera cluster', () => {
  runAdvancedConformanceSuite({
    name: 'AdvancedMySQLSession (MariaDB Galera, objects spread over three nodes)',
    // One migrated cluster database for the file, emptied for each case (every table cascades from agent_sessions).
    async newStore() {
      if (!database) {
        database = await createClusterDatabase();
        // The direct reads go through the last node and wait for writes committed through the others.
        raw = poolOn(database.urls[database.urls.length - 1]!);
      }
      const urls = database.urls;
      const pool = raw!;
      await pool.query('DELETE FROM agent_sessions');
      return {
        // Round robin: two objects of one case (a writer and a reader, a session and its branch) usually sit on different nodes.
        open: (sessionId, options) => AdvancedMySQLSession.fromUrl(sessionId, { url: urls[next++ % urls.length]!, ...options }),
        raw: advancedRawAccess(() => pool, 'SET STATEMENT wsrep_sync_wait = 1 FOR '),
        async drop() {
          await pool.query('DELETE FROM agent_sessions');
        },
      };
    },
  });
});
