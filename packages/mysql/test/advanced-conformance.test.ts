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
      // Main's history: the session's rows on the lane its main branch writes to, and no row elsewhere.
      async items(sessionId) {
        const [rows] = await raw.query<RowDataPacket[]>(
          `SELECT m.id, m.message_data FROM agent_messages m
           JOIN advanced_branches b ON b.lane_id = m.lane_id AND b.session_id = m.session_id AND b.branch_id = 'main'
           WHERE m.session_id = ? ORDER BY m.id`,
          [sessionId],
        );
        const [all] = await raw.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM agent_messages WHERE session_id = ?', [sessionId]);
        if (Number(all[0]!.n) !== rows.length) throw new Error(`session ${sessionId} has ${Number(all[0]!.n) - rows.length} rows outside main's lane`);
        return rows.map((r): SessionItem => parseStoredItem(sessionId, r.message_data as string, r.id as number));
      },
      async sessionExists(sessionId) {
        const [rows] = await raw.query<RowDataPacket[]>('SELECT 1 FROM agent_sessions WHERE session_id = ?', [sessionId]);
        return rows.length > 0;
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
