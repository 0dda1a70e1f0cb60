import { runAdvancedConformanceSuite, type AdvancedTable } from '@sessions/conformance';
import { AdvancedMySQLSession, migrate } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './mysql-server.js';

// Items and their structure share agent_messages: the structure rows are the items with a lane.
const COUNTS: Record<AdvancedTable, string> = {
  messages: 'SELECT COUNT(*) AS n FROM agent_messages',
  structure: 'SELECT COUNT(*) AS n FROM agent_messages WHERE lane_id IS NOT NULL',
  lanes: 'SELECT COUNT(*) AS n FROM advanced_lanes',
  branches: 'SELECT COUNT(*) AS n FROM advanced_branches',
  metadata: 'SELECT COUNT(*) AS n FROM advanced_session_metadata',
  usage: 'SELECT COUNT(*) AS n FROM advanced_turn_usage',
};

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
        raw: {
          async count(table) {
            const [rows] = await pool.query<RowDataPacket[]>(COUNTS[table]);
            return Number(rows[0]!.n);
          },
          async usageRows() {
            const [rows] = await pool.query<RowDataPacket[]>(
              `SELECT branch_id AS branchId, turn, model, requests, input_tokens AS inputTokens, output_tokens AS outputTokens
               FROM advanced_turn_usage ORDER BY id`,
            );
            return rows.map((row) => ({
              branchId: String(row.branchId),
              turn: Number(row.turn),
              model: (row.model as string | null) ?? null,
              requests: Number(row.requests),
              inputTokens: Number(row.inputTokens),
              outputTokens: Number(row.outputTokens),
            }));
          },
          async setCreatedAt(dates) {
            for (const [id, at] of Object.entries(dates)) {
              await pool.query('UPDATE agent_sessions SET created_at = ? WHERE session_id = ?', [new Date(at).toISOString().slice(0, 23).replace('T', ' '), id]);
            }
          },
        },
        async drop() {
          await pool.query('DELETE FROM agent_sessions');
        },
      };
    },
  });
});
