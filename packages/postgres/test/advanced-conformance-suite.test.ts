import { runAdvancedConformanceSuite, type AdvancedTable } from '@sessions/conformance';
import { AdvancedPostgresSession } from '@sessions/postgres';
import { registerWithServer, TEST_ENCRYPTION } from '@sessions/test-servers';
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

const opened: { database: TestDatabase; raw: pg.Pool }[] = [];

afterAll(async () => {
  for (const { database, raw } of opened) {
    await raw.end();
    await database.drop();
  }
});

// The suite in clear, and again with encryption at rest (metadata is then stored encrypted, so it cannot be filtered on).
for (const encrypted of [false, true]) {
  let database: TestDatabase | undefined;
  let raw: pg.Pool | undefined;
  await registerWithServer('postgres', `AdvancedPostgresSession advanced conformance${encrypted ? ' (encrypted)' : ''}`, () => {
    runAdvancedConformanceSuite({
      name: `AdvancedPostgresSession (fromUrl${encrypted ? ', encrypted' : ''})`,
      encryptedMetadata: encrypted,
      processes: encrypted
        ? undefined
        : {
            sessionModule: new URL('./fixtures/open-advanced-session.ts', import.meta.url),
            env: () => ({ SESSIONS_CONFORMANCE_POSTGRES_URL: database!.url }),
          },
      // One migrated database per run of the suite, emptied for each case (every table cascades from agent_sessions).
      async newStore() {
        if (!database) {
          database = await createMigratedDatabase(encrypted ? 'adv_suite_enc' : 'adv_suite');
          raw = testPool(database.url, { max: 2 });
          opened.push({ database, raw });
        }
        const url = database.url;
        const pool = raw!;
        await pool.query('DELETE FROM agent_sessions; DELETE FROM advanced_branch_handles');
        return {
          open: (sessionId, options) => AdvancedPostgresSession.fromUrl(sessionId, { url, ...options, ...(encrypted ? { encryption: TEST_ENCRYPTION } : {}) }),
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
}
