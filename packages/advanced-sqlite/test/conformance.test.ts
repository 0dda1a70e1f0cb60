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
    // Main's history: the session's rows that sit on the lane its main branch writes to.
    async items(sessionId) {
      return withRaw((db) => {
        const rows = db
          .prepare(
            `SELECT m.id, m.message_data FROM agent_messages m
             JOIN advanced_message_structure s ON s.message_id = m.id
             JOIN advanced_branches b ON b.lane_id = s.lane_id AND b.session_id = m.session_id AND b.branch_id = 'main'
             WHERE m.session_id = ? ORDER BY m.id`,
          )
          .all(sessionId) as { id: number; message_data: string }[];
        const all = db.prepare('SELECT COUNT(*) AS n FROM agent_messages WHERE session_id = ?').get(sessionId) as { n: number };
        if (all.n !== rows.length) throw new Error(`session ${sessionId} has ${all.n - rows.length} rows outside main's lane`);
        return rows.map((r): SessionItem => parseStoredItem(sessionId, r.message_data, r.id));
      });
    },
    async sessionExists(sessionId) {
      return withRaw((db) => db.prepare('SELECT 1 FROM agent_sessions WHERE session_id = ?').get(sessionId) !== undefined);
    },
  },
  capabilities: {
    branching: {
      fork: (session) => asAdvanced(session).createBranch(),
      switchToMain: (session) => asAdvanced(session).switchToBranch('main'),
    },
  },
});
