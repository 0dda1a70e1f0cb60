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
    // Reads the tables with a client of its own. Main's replay history: the rows of the lane main writes to
    // and of the lanes it continues (each up to its bound), up to the newest lane a compaction started.
    raw: {
      async items(sessionId) {
        const head = await raw.query<{ lane_id: string }>(`SELECT lane_id FROM advanced_branches WHERE session_id = $1 AND branch_id = 'main'`, [sessionId]);
        const segments: { lane: string; bound: number }[] = [];
        let lane: string | null = head.rows[0]?.lane_id ?? null;
        let bound = Number.MAX_SAFE_INTEGER;
        while (lane !== null) {
          const { rows } = await raw.query<{ parent_lane_id: string | null; parent_bound: string | null; replay_start: boolean }>(
            'SELECT parent_lane_id, parent_bound, replay_start FROM advanced_lanes WHERE session_id = $1 AND lane_id = $2',
            [sessionId, lane],
          );
          segments.unshift({ lane, bound });
          if (rows[0]!.replay_start) break;
          if (rows[0]!.parent_bound !== null) bound = Math.min(bound, Number(rows[0]!.parent_bound));
          lane = rows[0]!.parent_lane_id;
        }
        const items: SessionItem[] = [];
        for (const segment of segments) {
          const { rows } = await raw.query<{ id: string; message_data: string }>(
            `SELECT m.id, m.message_data FROM agent_messages m
             JOIN advanced_message_structure s ON s.session_id = m.session_id AND s.message_id = m.id
             WHERE m.session_id = $1 AND s.lane_id = $2 AND m.id <= $3 ORDER BY m.id`,
            [sessionId, segment.lane, segment.bound],
          );
          for (const r of rows) items.push(parseStoredItem(sessionId, r.message_data, r.id));
        }
        const unplaced = await raw.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM agent_messages m WHERE m.session_id = $1
           AND NOT EXISTS (SELECT 1 FROM advanced_message_structure s WHERE s.session_id = m.session_id AND s.message_id = m.id)`,
          [sessionId],
        );
        if (unplaced.rows[0]!.n > 0) throw new Error(`session ${sessionId} has ${unplaced.rows[0]!.n} rows on no lane`);
        return items;
      },
      async sessionExists(sessionId) {
        const { rowCount } = await raw.query('SELECT 1 FROM agent_sessions WHERE session_id = $1', [sessionId]);
        return rowCount === 1;
      },
    },
    capabilities: {
      historyCapabilities: true,
      processes: {
        sessionModule: new URL('./fixtures/open-advanced-session.ts', import.meta.url),
        env: () => ({ SESSIONS_CONFORMANCE_POSTGRES_URL: database.url }),
      },
      branching: {
        fork: (session) => asAdvanced(session).createBranch(),
        switchToMain: (session) => asAdvanced(session).switchToBranch('main'),
      },
    },
  });
});
