import { runConformanceSuite } from '@sessions/conformance';
import { MySQLSession } from '@sessions/mysql';
import { registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';
import type { Connection } from 'mysql2/promise';
import { rawReader } from '../mysql-server.js';
import { causalConnection, createClusterDatabase } from './cluster.js';

let database: ThrowawayDatabase;
let raw: Connection;
let next = 0;

await registerWithServer('galera', 'MySQLSession conformance on a Galera cluster', () => {
  runConformanceSuite({
    name: 'MySQLSession (MariaDB Galera, objects spread over three nodes)',
    setup: async () => {
      database = await createClusterDatabase();
      // The raw reads go through the last node; the sessions through every node in turn.
      raw = await causalConnection(database.urls[database.urls.length - 1]!);
    },
    teardown: async () => {
      await raw?.end();
      await database?.drop();
    },
    // Round robin: two objects for one id usually sit on different nodes, each node's objects share its pool.
    createSession: (sessionId, options) => MySQLSession.fromUrl(sessionId, { url: database.urls[next++ % database.urls.length]!, ...options }),
    raw: rawReader(() => raw),
    capabilities: { historyCapabilities: true },
  });
});
