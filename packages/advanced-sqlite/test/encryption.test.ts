import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdvancedSQLiteSession, openAdvancedSqliteStore } from '@sessions/advanced-sqlite';
import { runAdvancedConformanceSuite, runConformanceSuite, runEncryptionConformanceSuite, type AdvancedTable } from '@sessions/conformance';
import { rawMessageCount, rawSessionKey, sqliteFileText, TEST_ENCRYPTION } from '@sessions/test-servers';
import Database from 'better-sqlite3';

const TABLES: Record<AdvancedTable, string> = {
  messages: 'agent_messages',
  structure: 'advanced_message_structure',
  lanes: 'advanced_lanes',
  branches: 'advanced_branches',
  metadata: 'advanced_session_metadata',
  usage: 'advanced_turn_usage',
};

/** Every advanced case again with encryption at rest on. */
runAdvancedConformanceSuite({
  name: 'AdvancedSQLiteSession (file, encrypted)',
  encryptedMetadata: true,
  async newStore() {
    const dir = mkdtempSync(join(tmpdir(), 'sessions-advanced-encrypted-'));
    const path = join(dir, 'sessions.db');
    const withRaw = <T>(use: (db: Database.Database) => T): T => {
      const db = new Database(path);
      try {
        return use(db);
      } finally {
        db.close();
      }
    };
    return {
      open: (sessionId, options) => new AdvancedSQLiteSession(sessionId, { path, ...options, encryption: TEST_ENCRYPTION }),
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

let contractDir = '';
let contractPath = '';

/** The session contract with encryption on (the raw reads of the plain suite are AdvancedSQLiteSession's own conformance file's). */
runConformanceSuite({
  name: 'AdvancedSQLiteSession (file, encrypted)',
  setup: async () => {
    contractDir = mkdtempSync(join(tmpdir(), 'sessions-advanced-contract-encrypted-'));
    contractPath = join(contractDir, 'conversations.db');
  },
  teardown: async () => {
    rmSync(contractDir, { recursive: true, force: true });
  },
  createSession: (sessionId, options) => new AdvancedSQLiteSession(sessionId, { path: contractPath, ...options, encryption: TEST_ENCRYPTION }),
  capabilities: { historyCapabilities: true },
});

let dir = '';
let path = '';

runEncryptionConformanceSuite({
  name: 'AdvancedSQLiteSession (file)',
  setup: async () => {
    dir = mkdtempSync(join(tmpdir(), 'sessions-advanced-encryption-'));
    path = join(dir, 'conversations.db');
  },
  teardown: async () => {
    rmSync(dir, { recursive: true, force: true });
  },
  createSession: (sessionId, encryption) => new AdvancedSQLiteSession(sessionId, { path, encryption }),
  storageText: async () => sqliteFileText(path),
  rawKey: (sessionId) => rawSessionKey('sqlite', path, sessionId),
  rawRowCount: (sessionId) => rawMessageCount('sqlite', path, sessionId),
  openStore: (encryption) => openAdvancedSqliteStore(path, { encryption, create: true }),
});
