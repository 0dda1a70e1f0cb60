import { parseStoredItem, type SessionItem } from '@sessions/core';
import { runConformanceSuite } from '@sessions/conformance';
import { MySQLSession } from '@sessions/mysql';
import { registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';
import type { Connection, RowDataPacket } from 'mysql2/promise';
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
    raw: {
      async items(sessionId) {
        const [rows] = await raw.query<RowDataPacket[]>('SELECT id, message_data FROM agent_messages WHERE session_id = ? ORDER BY id', [sessionId]);
        return rows.map((r): SessionItem => parseStoredItem(sessionId, r.message_data as string, r.id as number));
      },
      async sessionExists(sessionId) {
        const [rows] = await raw.query<RowDataPacket[]>('SELECT 1 FROM agent_sessions WHERE session_id = ?', [sessionId]);
        return rows.length > 0;
      },
    },
  });
});
