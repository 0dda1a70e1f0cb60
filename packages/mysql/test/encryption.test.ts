import { runConformanceSuite, runEncryptionConformanceSuite } from '@sessions/conformance';
import { MySQLSession, openSessionStore } from '@sessions/mysql';
import { rawDecryptedItems, rawMessageCount, rawSessionKey, registerWithServer, serverTablesText, TEST_ENCRYPTION } from '@sessions/test-servers';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { createTestDatabase, migrateWithBinary, rootConnection, type TestDatabase } from './mysql-server.js';

let database: TestDatabase;
let raw: Connection;
let encrypted: TestDatabase;

await registerWithServer('mysql', 'MySQLSession conformance (encrypted)', () => {
  runConformanceSuite({
    name: 'MySQLSession (encrypted)',
    setup: async () => {
      database = await createTestDatabase();
      migrateWithBinary(database.url);
      raw = await rootConnection();
      await raw.query(`USE \`${database.name}\``);
    },
    teardown: async () => {
      await raw?.end();
      await database?.drop();
    },
    createSession: (sessionId, options) => MySQLSession.fromUrl(sessionId, { url: database.url, ...options, encryption: TEST_ENCRYPTION }),
    // Reads the tables directly and decrypts: a row stored in clear fails the read.
    raw: {
      items: (sessionId) => rawDecryptedItems('mysql', database.url, sessionId),
      async sessionExists(sessionId) {
        const [rows] = await raw.query<RowDataPacket[]>('SELECT 1 FROM agent_sessions WHERE session_id = ?', [sessionId]);
        return rows.length > 0;
      },
    },
    capabilities: {
      historyCapabilities: true,
      processes: {
        sessionModule: new URL('./open-session.ts', import.meta.url),
        env: () => ({ SESSIONS_CONFORMANCE_MYSQL_URL: database.url, SESSIONS_CONFORMANCE_ENCRYPTION: JSON.stringify(TEST_ENCRYPTION) }),
        crashRuns: 10,
      },
    },
  });
});

await registerWithServer('mysql', 'encryption at rest: MySQLSession', () => {
  runEncryptionConformanceSuite({
    name: 'MySQLSession',
    setup: async () => {
      encrypted = await createTestDatabase();
      migrateWithBinary(encrypted.url);
    },
    teardown: async () => {
      await encrypted?.drop();
    },
    createSession: (sessionId, encryption) => MySQLSession.fromUrl(sessionId, { url: encrypted.url, encryption }),
    storageIsLiveRows: true,
    storageText: () => serverTablesText('mysql', encrypted.url),
    rawKey: (sessionId) => rawSessionKey('mysql', encrypted.url, sessionId),
    rawRowCount: (sessionId) => rawMessageCount('mysql', encrypted.url, sessionId),
    openStore: (encryption) => openSessionStore(encrypted.url, { encryption }),
  });
});
