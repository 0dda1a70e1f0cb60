import { runConformanceSuite, runEncryptionConformanceSuite } from '@sessions/conformance';
import { openSessionStore, PostgresSession } from '@sessions/postgres';
import { rawDecryptedItems, rawMessageCount, rawSessionKey, registerWithServer, serverTablesText, TEST_ENCRYPTION } from '@sessions/test-servers';
import pg from 'pg';
import { createMigratedDatabase, type TestDatabase } from './database.js';

let database: TestDatabase;
let encrypted: TestDatabase;

await registerWithServer('postgres', 'session conformance: PostgresSession (encrypted)', () => {
  runConformanceSuite({
    name: 'PostgresSession (encrypted)',
    setup: async () => {
      database = await createMigratedDatabase('conformance_encrypted');
    },
    teardown: async () => {
      await database?.drop();
    },
    createSession: (sessionId, options) => PostgresSession.fromUrl(sessionId, { url: database.url, ...options, encryption: TEST_ENCRYPTION }),
    capabilities: {
      historyCapabilities: true,
      processes: {
        sessionModule: new URL('./open-session.ts', import.meta.url),
        env: () => ({ SESSIONS_CONFORMANCE_PG_URL: database.url, SESSIONS_CONFORMANCE_ENCRYPTION: JSON.stringify(TEST_ENCRYPTION) }),
      },
    },
    // Reads the tables directly and decrypts: a row stored in clear fails the read.
    raw: {
      items: (sessionId) => rawDecryptedItems('postgres', database.url, sessionId),
      async sessionExists(sessionId) {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          return (await client.query('SELECT 1 FROM agent_sessions WHERE session_id = $1', [sessionId])).rowCount === 1;
        } finally {
          await client.end();
        }
      },
    },
  });
});

await registerWithServer('postgres', 'encryption at rest: PostgresSession', () => {
  runEncryptionConformanceSuite({
    name: 'PostgresSession',
    setup: async () => {
      encrypted = await createMigratedDatabase('encryption');
    },
    teardown: async () => {
      await encrypted?.drop();
    },
    createSession: (sessionId, encryption) => PostgresSession.fromUrl(sessionId, { url: encrypted.url, encryption }),
    storageIsLiveRows: true,
    storageText: () => serverTablesText('postgres', encrypted.url),
    rawKey: (sessionId) => rawSessionKey('postgres', encrypted.url, sessionId),
    rawRowCount: (sessionId) => rawMessageCount('postgres', encrypted.url, sessionId),
    openStore: (encryption) => openSessionStore(encrypted.url, { encryption }),
  });
});
