import { runStoreConformanceSuite } from '@sessions/conformance';
import { openSessionStore } from '@sessions/postgres';
import { createThrowawayDatabase, rawDecryptingStoreReader, registerWithServer, TEST_ENCRYPTION, type ThrowawayDatabase } from '@sessions/test-servers';

let database: ThrowawayDatabase | undefined;

/** The store contract with encryption at rest on: the raw reads decrypt what they read from the tables. */
await registerWithServer('postgres', 'store contract conformance: postgres (encrypted)', () => {
  runStoreConformanceSuite({
    name: 'postgres (openSessionStore, encrypted)',
    setup: async () => {
      database = await createThrowawayDatabase('postgres', 'store_contract_enc');
    },
    teardown: async () => {
      await database?.drop();
    },
    openStore: () => openSessionStore(database!.url, { encryption: TEST_ENCRYPTION }),
    encryptedMetadata: true,
    raw: {
      sessionRow: (sessionId) => rawDecryptingStoreReader('postgres', database!.url).sessionRow(sessionId),
      messageRows: (sessionId) => rawDecryptingStoreReader('postgres', database!.url).messageRows(sessionId),
    },
  });
});
