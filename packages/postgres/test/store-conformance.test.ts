import { runStoreConformanceSuite } from '@sessions/conformance';
import { openSessionStore } from '@sessions/postgres';
import { createThrowawayDatabase, rawStoreReader, registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';

let database: ThrowawayDatabase | undefined;

await registerWithServer('postgres', 'store contract conformance: postgres', () => {
  runStoreConformanceSuite({
    name: 'postgres (openSessionStore)',
    setup: async () => {
      database = await createThrowawayDatabase('postgres', 'store_contract');
    },
    teardown: async () => {
      await database?.drop();
    },
    openStore: () => openSessionStore(database!.url),
    raw: {
      sessionRow: (sessionId) => rawStoreReader('postgres', database!.url).sessionRow(sessionId),
      messageRows: (sessionId) => rawStoreReader('postgres', database!.url).messageRows(sessionId),
      rowCounts: (sessionId) => rawStoreReader('postgres', database!.url).rowCounts(sessionId),
    },
  });
});
