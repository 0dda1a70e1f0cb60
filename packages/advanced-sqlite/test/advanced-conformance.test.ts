import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import { runAdvancedConformanceSuite, type AdvancedTable } from '@sessions/conformance';
import Database from 'better-sqlite3';

const TABLES: Record<AdvancedTable, string> = {
  messages: 'agent_messages',
  structure: 'advanced_message_structure',
  lanes: 'advanced_lanes',
  branches: 'advanced_branches',
  metadata: 'advanced_session_metadata',
  usage: 'advanced_turn_usage',
};

/** The current case's database file, for the child processes of the suite. */
let currentPath = '';

runAdvancedConformanceSuite({
  name: 'AdvancedSQLiteSession (file)',
  processes: {
    sessionModule: new URL('./fixtures/open-session.ts', import.meta.url),
    env: () => ({ SESSIONS_CONFORMANCE_ADVANCED_SQLITE_PATH: currentPath }),
  },
  async newStore() {
    const dir = mkdtempSync(join(tmpdir(), 'sessions-advanced-conformance-'));
    const path = join(dir, 'sessions.db');
    currentPath = path;
    /** A connection of its own, not the adapter's. */
    const withRaw = <T>(use: (db: Database.Database) => T): T => {
      const db = new Database(path);
      try {
        return use(db);
      } finally {
        db.close();
      }
    };
    return {
      open: (sessionId, options) => new AdvancedSQLiteSession(sessionId, { path, ...options }),
      raw: {
        async count(table) {
          return withRaw((db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${TABLES[table]}`).get() as { n: number }).n);
        },
        async usageRows() {
          return withRaw(
            (db) =>
              db
                .prepare(
                  `SELECT branch_id AS branchId, turn, model, requests, input_tokens AS inputTokens, output_tokens AS outputTokens
                   FROM advanced_turn_usage ORDER BY id`,
                )
                .all() as never,
          );
        },
        async setCreatedAt(dates) {
          withRaw((db) => {
            const update = db.prepare('UPDATE agent_sessions SET created_at = ? WHERE session_id = ?');
            for (const [id, at] of Object.entries(dates)) update.run(at, id);
          });
        },
      },
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});
