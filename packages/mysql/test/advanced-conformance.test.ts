import { parseStoredItem, type AgentSession, type SessionItem } from '@sessions/core';
import { runConformanceSuite } from '@sessions/conformance';
import { AdvancedMySQLSession } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { expect } from 'vitest';
import { createTestDatabase, migrateWithBinary, rootConnection, type TestDatabase } from './mysql-server.js';

let database: TestDatabase;
let raw: Connection;

const asAdvanced = (session: AgentSession) => session as AdvancedMySQLSession;

await registerWithServer('mysql', 'AdvancedMySQLSession conformance', () => {
  runConformanceSuite({
    name: 'AdvancedMySQLSession (MariaDB/MySQL)',
    setup: async () => {
      database = await createTestDatabase();
      expect(migrateWithBinary(database.url)).toContain('applied 0000_initial, 0001_history_operations, 0002_advanced_sessions_and_owners');
      raw = await rootConnection();
      await raw.query(`USE \`${database.name}\``);
    },
    teardown: async () => {
      await raw?.end();
      await database?.drop();
    },
    createSession: (sessionId, options) => AdvancedMySQLSession.fromUrl(sessionId, { url: database.url, ...options }),
    raw: {
      // Main's replay history: the session's rows on the lane main writes to and on the lanes it continues
      // (each up to its bound), up to the newest lane a compaction started; no row outside a lane.
      async items(sessionId) {
        const [heads] = await raw.query<RowDataPacket[]>(`SELECT lane_id FROM advanced_branches WHERE session_id = ? AND branch_id = 'main'`, [sessionId]);
        const segments: { lane: number; bound: number }[] = [];
        let lane: number | null = heads[0] ? Number(heads[0].lane_id) : null;
        let bound = Number.MAX_SAFE_INTEGER;
        while (lane !== null) {
          const [lanes] = await raw.query<RowDataPacket[]>('SELECT parent_lane_id, parent_bound, replay_start FROM advanced_lanes WHERE lane_id = ?', [lane]);
          segments.unshift({ lane, bound });
          if (Number(lanes[0]!.replay_start) === 1) break;
          if (lanes[0]!.parent_bound !== null) bound = Math.min(bound, Number(lanes[0]!.parent_bound));
          lane = lanes[0]!.parent_lane_id === null ? null : Number(lanes[0]!.parent_lane_id);
        }
        const items: SessionItem[] = [];
        for (const segment of segments) {
          const [rows] = await raw.query<RowDataPacket[]>(
            'SELECT id, message_data FROM agent_messages WHERE session_id = ? AND lane_id = ? AND id <= ? ORDER BY id',
            [sessionId, segment.lane, segment.bound],
          );
          for (const r of rows) items.push(parseStoredItem(sessionId, r.message_data as string, r.id as number));
        }
        const [unplaced] = await raw.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM agent_messages WHERE session_id = ? AND lane_id IS NULL', [sessionId]);
        if (Number(unplaced[0]!.n) > 0) throw new Error(`session ${sessionId} has ${Number(unplaced[0]!.n)} rows on no lane`);
        return items;
      },
      async sessionExists(sessionId) {
        const [rows] = await raw.query<RowDataPacket[]>('SELECT 1 FROM agent_sessions WHERE session_id = ?', [sessionId]);
        return rows.length > 0;
      },
    },
    capabilities: {
      historyCapabilities: true,
      processes: {
        sessionModule: new URL('./fixtures/open-advanced-session.ts', import.meta.url),
        env: () => ({ SESSIONS_CONFORMANCE_MYSQL_URL: database.url }),
      },
      branching: {
        fork: (session) => asAdvanced(session).createBranch(),
        switchToMain: (session) => asAdvanced(session).switchToBranch('main'),
      },
    },
  });
});
