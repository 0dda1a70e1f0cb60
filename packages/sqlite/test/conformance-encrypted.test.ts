import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformanceSuite } from '@sessions/conformance';
import { SQLiteSession } from '@sessions/sqlite';
import { rawDecryptedItems, TEST_ENCRYPTION } from '@sessions/test-servers';
import Database from 'better-sqlite3';

let dir = '';
let path = '';

/** Every case again with encryption at rest on; the raw reader decrypts what it reads from the tables. */
runConformanceSuite({
  name: 'SQLiteSession (file, encrypted)',
  setup: async () => {
    dir = mkdtempSync(join(tmpdir(), 'sessions-sqlite-encrypted-'));
    path = join(dir, 'conversations.db');
  },
  teardown: async () => {
    rmSync(dir, { recursive: true, force: true });
  },
  createSession: (sessionId, options) => new SQLiteSession(sessionId, { path, ...options, encryption: TEST_ENCRYPTION }),
  capabilities: {
    historyCapabilities: true,
    processes: {
      sessionModule: new URL('./fixtures/open-session.ts', import.meta.url),
      env: () => ({ SESSIONS_CONFORMANCE_SQLITE_PATH: path, SESSIONS_CONFORMANCE_ENCRYPTION: JSON.stringify(TEST_ENCRYPTION) }),
    },
  },
  raw: {
    items: (sessionId) => rawDecryptedItems('sqlite', path, sessionId),
    async sessionExists(sessionId) {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        return db.prepare('SELECT 1 FROM agent_sessions WHERE session_id = ?').get(sessionId) !== undefined;
      } finally {
        db.close();
      }
    },
  },
});
