import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEncryptionConformanceSuite } from '@sessions/conformance';
import { openSessionStore, SQLiteSession } from '@sessions/sqlite';
import { rawMessageCount, rawSessionKey, sqliteFileText } from '@sessions/test-servers';

let dir = '';
let path = '';

runEncryptionConformanceSuite({
  name: 'SQLiteSession (file)',
  setup: async () => {
    dir = mkdtempSync(join(tmpdir(), 'sessions-sqlite-encryption-'));
    path = join(dir, 'conversations.db');
  },
  teardown: async () => {
    rmSync(dir, { recursive: true, force: true });
  },
  createSession: (sessionId, encryption) => new SQLiteSession(sessionId, { path, encryption }),
  storageText: async () => sqliteFileText(path),
  rawKey: (sessionId) => rawSessionKey('sqlite', path, sessionId),
  rawRowCount: (sessionId) => rawMessageCount('sqlite', path, sessionId),
  openStore: (encryption) => openSessionStore(path, { encryption }),
});
