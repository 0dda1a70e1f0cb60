import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStoredItem, type SessionItem } from '@sessions/core';
import { runConformanceSuite } from '@sessions/conformance';
import { SQLiteSession } from '@sessions/sqlite';
import Database from 'better-sqlite3';

let dir = '';
let path = '';

/** Reads the tables with a connection of its own, not through the adapter. */
function rawDatabase(): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true });
}

runConformanceSuite({
  name: 'SQLiteSession (file)',
  setup: async () => {
    dir = mkdtempSync(join(tmpdir(), 'sessions-sqlite-conformance-'));
    path = join(dir, 'conversations.db');
  },
  teardown: async () => {
    rmSync(dir, { recursive: true, force: true });
  },
  createSession: (sessionId, options) => new SQLiteSession(sessionId, { path, ...options }),
  capabilities: {
    historyCapabilities: true,
    processes: {
      sessionModule: new URL('./fixtures/open-session.ts', import.meta.url),
      env: () => ({ SESSIONS_CONFORMANCE_SQLITE_PATH: path }),
    },
  },
  raw: {
    async items(sessionId) {
      const db = rawDatabase();
      try {
        const rows = db
          .prepare('SELECT id, message_data FROM agent_messages WHERE session_id = ? ORDER BY id')
          .all(sessionId) as { id: number; message_data: string }[];
        return rows.map((r): SessionItem => parseStoredItem(sessionId, r.message_data, r.id));
      } finally {
        db.close();
      }
    },
    async sessionExists(sessionId) {
      const db = rawDatabase();
      try {
        return db.prepare('SELECT 1 FROM agent_sessions WHERE session_id = ?').get(sessionId) !== undefined;
      } finally {
        db.close();
      }
    },
  },
});
