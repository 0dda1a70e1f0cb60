import { parseStoredItem, type SessionItem } from '@sessions/core';
import { runConformanceSuite } from '@sessions/conformance';
import { PostgresSession } from '@sessions/postgres';
import { registerWithServer } from '@sessions/test-servers';
import pg from 'pg';
import { createMigratedDatabase, type TestDatabase } from './database.js';

let database: TestDatabase;
let raw: pg.Client;

await registerWithServer('postgres', 'session conformance: PostgresSession (fromUrl)', () => {
  runConformanceSuite({
    name: 'PostgresSession (fromUrl)',
    setup: async () => {
      database = await createMigratedDatabase('conformance');
      raw = new pg.Client({ connectionString: database.url });
      raw.on('error', () => {});
      await raw.connect();
    },
    teardown: async () => {
      await raw?.end();
      await database?.drop();
    },
    createSession: (sessionId, options) => PostgresSession.fromUrl(sessionId, { url: database.url, ...options }),
    capabilities: {
      historyCapabilities: true,
      processes: { sessionModule: new URL('./open-session.ts', import.meta.url), env: () => ({ SESSIONS_CONFORMANCE_PG_URL: database.url }) },
    },
    // Reads the tables with a client of its own, not through the adapter.
    raw: {
      async items(sessionId) {
        const { rows } = await raw.query<{ id: string; message_data: string }>(
          'SELECT id, message_data FROM agent_messages WHERE session_id = $1 ORDER BY id',
          [sessionId],
        );
        return rows.map((r): SessionItem => parseStoredItem(sessionId, r.message_data, r.id));
      },
      async sessionExists(sessionId) {
        const { rowCount } = await raw.query('SELECT 1 FROM agent_sessions WHERE session_id = $1', [sessionId]);
        return rowCount === 1;
      },
    },
  });
});
