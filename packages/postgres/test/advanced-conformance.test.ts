import { runConformanceSuite } from '@sessions/conformance';
import { parseStoredItem, type AgentSession, type SessionItem } from '@sessions/core';
import { AdvancedPostgresSession } from '@sessions/postgres';
import { registerWithServer } from '@sessions/test-servers';
import pg from 'pg';
import { createMigratedDatabase, type TestDatabase } from './database.js';

let database: TestDatabase;
let raw: pg.Client;

const asAdvanced = (session: AgentSession) => session as AdvancedPostgresSession;

await registerWithServer('postgres', 'session conformance: AdvancedPostgresSession', () => {
  runConformanceSuite({
    name: 'AdvancedPostgresSession (fromUrl)',
    setup: async () => {
      database = await createMigratedDatabase('adv_conformance');
      raw = new pg.Client({ connectionString: database.url });
      raw.on('error', () => {});
      await raw.connect();
    },
    teardown: async () => {
      await raw?.end();
      await database?.drop();
    },
    createSession: (sessionId, options) => AdvancedPostgresSession.fromUrl(sessionId, { url: database.url, ...options }),
    // Reads the tables with a client of its own: main's history is the session's rows on the lane main writes to.
    raw: {
      async items(sessionId) {
        const { rows } = await raw.query<{ id: string; message_data: string }>(
          `SELECT m.id, m.message_data FROM agent_messages m
           JOIN advanced_message_structure s ON s.session_id = m.session_id AND s.message_id = m.id
           JOIN advanced_branches b ON b.session_id = s.session_id AND b.lane_id = s.lane_id AND b.branch_id = 'main'
           WHERE m.session_id = $1 ORDER BY m.id`,
          [sessionId],
        );
        const all = await raw.query<{ n: number }>('SELECT count(*)::int AS n FROM agent_messages WHERE session_id = $1', [sessionId]);
        if (all.rows[0]!.n !== rows.length) throw new Error(`session ${sessionId} has ${all.rows[0]!.n - rows.length} rows outside main's lane`);
        return rows.map((r): SessionItem => parseStoredItem(sessionId, r.message_data, r.id));
      },
      async sessionExists(sessionId) {
        const { rowCount } = await raw.query('SELECT 1 FROM agent_sessions WHERE session_id = $1', [sessionId]);
        return rowCount === 1;
      },
    },
    capabilities: {
      branching: {
        fork: (session) => asAdvanced(session).createBranch(),
        switchToMain: (session) => asAdvanced(session).switchToBranch('main'),
      },
    },
  });
});
