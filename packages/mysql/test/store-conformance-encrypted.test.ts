import { runStoreConformanceSuite } from '@sessions/conformance';
import { openSessionStore } from '@sessions/mysql';
import { createThrowawayDatabase, rawDecryptingStoreReader, registerWithServer, TEST_ENCRYPTION, type ThrowawayDatabase } from '@sessions/test-servers';

let database: ThrowawayDatabase | undefined;

/** The store contract with encryption at rest on: the raw reads decrypt what they read from the tables. */
await registerWithServer('mysql', 'store contract conformance: mysql (encrypted)', () => {
  runStoreConformanceSuite({
    name: 'mysql (openSessionStore, encrypted)',
    setup: async () => {
      database = await createThrowawayDatabase('mysql', 'store_contract_enc');
    },
    teardown: async () => {
      await database?.drop();
    },
    openStore: () => openSessionStore(database!.url, { encryption: TEST_ENCRYPTION }),
    encryptedMetadata: true,
    raw: {
      sessionRow: (sessionId) => rawDecryptingStoreReader('mysql', database!.url).sessionRow(sessionId),
      messageRows: (sessionId) => rawDecryptingStoreReader('mysql', database!.url).messageRows(sessionId),
    },
  });
});
