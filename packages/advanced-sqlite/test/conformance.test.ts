import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import { runConformanceSuite } from '@sessions/conformance';
import { parseStoredItem, type AgentSession, type SessionItem } from '@sessions/core';
import Database from 'better-sqlite3';

let dir = '';
let path = '';

/** Reads the tables with a connection of its own, not through the adapter. */
function withRaw<T>(read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const asAdvanced = (session: AgentSession) => session as AdvancedSQLiteSession;

runConformanceSuite({
  name: 'AdvancedSQLiteSession (file)',
  setup: async () => {
    dir = mkdtempSync(join(tmpdir(), 'sessions-advanced-conformance-'));
    path = join(dir, 'conversations.db');
  },
  teardown: async () => {
    rmSync(dir, { recursive: true, force: true });
  },
  createSession: (sessionId, options) => new AdvancedSQLiteSession(sessionId, { path, ...options }),
  raw: {
    // Main's replay history, read from the tables: main's lane and the lanes it continues, up to the
    // newest lane a compaction started (earlier rows stay as the transcript).
    async items(sessionId) {
      return withRaw((db) => {
        const head = db.prepare(`SELECT lane_id FROM advanced_branches WHERE session_id = ? AND branch_id = 'main'`).pluck().get(sessionId) as
          | number
          | undefined;
        const segments: { lane: number; bound: number }[] = [];
        let lane: number | null = head ?? null;
        let bound = Number.MAX_SAFE_INTEGER;
        while (lane !== null) {
          const row = db.prepare('SELECT parent_lane_id, parent_bound, replay_start FROM advanced_lanes WHERE lane_id = ?').get(lane) as {
            parent_lane_id: number | null;
            parent_bound: number | null;
            replay_start: number;
          };
          segments.unshift({ lane, bound });
          if (row.replay_start) break;
          if (row.parent_bound !== null) bound = Math.min(bound, row.parent_bound);
          lane = row.parent_lane_id;
        }
        const read = db.prepare(
          `SELECT m.id, m.message_data FROM agent_messages m JOIN advanced_message_structure s ON s.message_id = m.id
           WHERE m.session_id = ? AND s.lane_id = ? AND m.id <= ? ORDER BY m.id`,
        );
        const rows = segments.flatMap((segment) => read.all(sessionId, segment.lane, segment.bound) as { id: number; message_data: string }[]);
        const unplaced = db
          .prepare('SELECT COUNT(*) FROM agent_messages m LEFT JOIN advanced_message_structure s ON s.message_id = m.id WHERE m.session_id = ? AND s.message_id IS NULL')
          .pluck()
          .get(sessionId) as number;
        if (unplaced > 0) throw new Error(`session ${sessionId} has ${unplaced} rows on no lane`);
        return rows.map((r): SessionItem => parseStoredItem(sessionId, r.message_data, r.id));
      });
    },
    async sessionExists(sessionId) {
      return withRaw((db) => db.prepare('SELECT 1 FROM agent_sessions WHERE session_id = ?').get(sessionId) !== undefined);
    },
  },
  capabilities: {
    historyCapabilities: true,
    processes: {
      sessionModule: new URL('./fixtures/open-session.ts', import.meta.url),
      env: () => ({ SESSIONS_CONFORMANCE_ADVANCED_SQLITE_PATH: path }),
    },
    branching: {
      fork: (session) => asAdvanced(session).createBranch(),
      switchToMain: (session) => asAdvanced(session).switchToBranch('main'),
    },
  },
});
