import { runAdvancedConformanceSuite, type AdvancedTable } from '@sessions/conformance';
import { AdvancedPostgresSession } from '@sessions/postgres';
import { registerWithServer } from '@sessions/test-servers';
import type pg from 'pg';
import { afterAll } from 'vitest';
import { createMigratedDatabase, testPool, type TestDatabase } from './database.js';

const TABLES: Record<AdvancedTable, string> = {
  messages: 'agent_messages',
  structure: 'advanced_message_structure',
  lanes: 'advanced_lanes',
  branches: 'advanced_branches',
  metadata: 'advanced_session_metadata',
  usage: 'advanced_turn_usage',
};

let database: TestDatabase | undefined;
let raw: pg.Pool | undefined;

afterAll(async () => {
  await raw?.end();
  await database?.drop();
});

await registerWithServer('postgres', 'AdvancedPostgresSession advanced conformance', () => {
  runAdvancedConformanceSuite({
    name: 'AdvancedPostgresSession (fromUrl)',
    processes: {
      sessionModule: new URL('./fixtures/open-advanced-session.ts', import.meta.url),
      env: () => ({ SESSIONS_CONFORMANCE_POSTGRES_URL: database!.url }),
    },
    // One migrated database for the file, emptied for each case (every table cascades from agent_sessions).
    async newStore() {
      if (!database) {
        database = await createMigratedDatabase('adv_suite');
        raw = testPool(database.url, { max: 2 });
      }
      const url = database.url;
      const pool = raw!;
      await pool.query('DELETE FROM agent_sessions; DELETE FROM advanced_branch_handles');
      return {
        open: (sessionId, options) => AdvancedPostgresSession.fromUrl(sessionId, { url, ...options }),
        raw: {
          async count(table) {
            const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLES[table]}`);
            return rows[0]!.n;
          },
          async usageRows() {
            const { rows } = await pool.query<{ branchId: string; turn: number; model: string | null; requests: number; inputTokens: number; outputTokens: number }>(
              `SELECT branch_id AS "branchId", turn, model, requests, input_tokens::int AS "inputTokens", output_tokens::int AS "outputTokens"
               FROM advanced_turn_usage ORDER BY id`,
            );
            return rows.map((row) => ({ ...row, turn: Number(row.turn), requests: Number(row.requests) }));
          },
          async setCreatedAt(dates) {
            for (const [id, at] of Object.entries(dates)) await pool.query('UPDATE agent_sessions SET created_at = $1 WHERE session_id = $2', [at, id]);
          },
        },
        async drop() {
          await pool.query('DELETE FROM agent_sessions; DELETE FROM advanced_branch_handles');
        },
      };
    },
  });
});
