import { runStoreConformanceSuite } from '@sessions/conformance';
import { openSessionStore } from '@sessions/mysql';
import { createThrowawayDatabase, rawStoreReader, registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';

let database: ThrowawayDatabase | undefined;

await registerWithServer('mysql', 'store contract conformance: mysql', () => {
  runStoreConformanceSuite({
    name: 'mysql (openSessionStore)',
    setup: async () => {
      database = await createThrowawayDatabase('mysql', 'store_contract');
    },
    teardown: async () => {
      await database?.drop();
    },
    openStore: () => openSessionStore(database!.url),
    raw: {
      sessionRow: (sessionId) => rawStoreReader('mysql', database!.url).sessionRow(sessionId),
      messageRows: (sessionId) => rawStoreReader('mysql', database!.url).messageRows(sessionId),
      rowCounts: (sessionId) => rawStoreReader('mysql', database!.url).rowCounts(sessionId),
    },
  });
});
