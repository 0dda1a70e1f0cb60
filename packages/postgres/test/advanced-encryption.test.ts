import { runConformanceSuite, runEncryptionConformanceSuite } from '@sessions/conformance';
import { AdvancedPostgresSession, openSessionStore } from '@sessions/postgres';
import { rawMessageCount, rawSessionKey, registerWithServer, serverTablesText, TEST_ENCRYPTION } from '@sessions/test-servers';
import { createMigratedDatabase, type TestDatabase } from './database.js';

let contract: TestDatabase;
let encrypted: TestDatabase;

await registerWithServer('postgres', 'session conformance: AdvancedPostgresSession (encrypted)', () => {
  runConformanceSuite({
    name: 'AdvancedPostgresSession (encrypted)',
    setup: async () => {
      contract = await createMigratedDatabase('adv_conformance_encrypted');
    },
    teardown: async () => {
      await contract?.drop();
    },
    createSession: (sessionId, options) => AdvancedPostgresSession.fromUrl(sessionId, { url: contract.url, ...options, encryption: TEST_ENCRYPTION }),
    capabilities: { historyCapabilities: true },
  });
});

await registerWithServer('postgres', 'encryption at rest: AdvancedPostgresSession', () => {
  runEncryptionConformanceSuite({
    name: 'AdvancedPostgresSession',
    setup: async () => {
      encrypted = await createMigratedDatabase('adv_encryption');
    },
    teardown: async () => {
      await encrypted?.drop();
    },
    createSession: (sessionId, encryption) => AdvancedPostgresSession.fromUrl(sessionId, { url: encrypted.url, encryption }),
    storageIsLiveRows: true,
    storageText: () => serverTablesText('postgres', encrypted.url),
    rawKey: (sessionId) => rawSessionKey('postgres', encrypted.url, sessionId),
    rawRowCount: (sessionId) => rawMessageCount('postgres', encrypted.url, sessionId),
    openStore: (encryption) => openSessionStore(encrypted.url, { encryption }),
  });
});
