import { runAdvancedConformanceSuite, runConformanceSuite, runEncryptionConformanceSuite } from '@sessions/conformance';
import { AdvancedMySQLSession, migrate, openSessionStore } from '@sessions/mysql';
import { rawMessageCount, rawSessionKey, registerWithServer, serverTablesText, TEST_ENCRYPTION } from '@sessions/test-servers';
import { createPool, type Pool } from 'mysql2/promise';
import { afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './mysql-server.js';
import { advancedRawAccess } from './support/advanced-raw.js';

let database: TestDatabase | undefined;
let raw: Pool | undefined;
let encrypted: TestDatabase;
let contract: TestDatabase | undefined;

afterAll(async () => {
  await raw?.end();
  await database?.drop();
});

await registerWithServer('mysql', 'AdvancedMySQLSession advanced conformance (encrypted)', () => {
  runAdvancedConformanceSuite({
    name: 'AdvancedMySQLSession (encrypted)',
    encryptedMetadata: true,
    async newStore() {
      if (!database) {
        database = await createTestDatabase();
        await migrate({ url: database.url });
        raw = createPool({ uri: database.url, connectionLimit: 2 });
      }
      const url = database.url;
      const pool = raw!;
      await pool.query('DELETE FROM agent_sessions');
      return {
        open: (sessionId, options) => AdvancedMySQLSession.fromUrl(sessionId, { url, ...options, encryption: TEST_ENCRYPTION }),
        raw: advancedRawAccess(() => pool),
        async drop() {
          await pool.query('DELETE FROM agent_sessions');
        },
      };
    },
  });
});

await registerWithServer('mysql', 'session conformance: AdvancedMySQLSession (encrypted)', () => {
  runConformanceSuite({
    name: 'AdvancedMySQLSession (encrypted)',
    setup: async () => {
      contract = await createTestDatabase();
      await migrate({ url: contract.url });
    },
    teardown: async () => {
      await contract?.drop();
    },
    createSession: (sessionId, options) => AdvancedMySQLSession.fromUrl(sessionId, { url: contract!.url, ...options, encryption: TEST_ENCRYPTION }),
    capabilities: { historyCapabilities: true },
  });
});

await registerWithServer('mysql', 'encryption at rest: AdvancedMySQLSession', () => {
  runEncryptionConformanceSuite({
    name: 'AdvancedMySQLSession',
    setup: async () => {
      encrypted = await createTestDatabase();
      await migrate({ url: encrypted.url });
    },
    teardown: async () => {
      await encrypted?.drop();
    },
    createSession: (sessionId, encryption) => AdvancedMySQLSession.fromUrl(sessionId, { url: encrypted.url, encryption }),
    storageIsLiveRows: true,
    storageText: () => serverTablesText('mysql', encrypted.url),
    rawKey: (sessionId) => rawSessionKey('mysql', encrypted.url, sessionId),
    rawRowCount: (sessionId) => rawMessageCount('mysql', encrypted.url, sessionId),
    openStore: (encryption) => openSessionStore(encrypted.url, { encryption }),
  });
});
