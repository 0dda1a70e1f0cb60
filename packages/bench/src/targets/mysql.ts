import { listSessions, migrate, MySQLSession } from '@sessions/mysql';
import { createThrowawayDatabase, mysqlServerUrl, redactUrl, unreachableReason } from '@sessions/test-servers';
import { createPool, type RowDataPacket } from 'mysql2/promise';
import { FLOOR_LIST, floorConnection, FloorMySQLSession } from '../mysql-floor.js';
import type { BenchSubject, BenchTarget } from '../subject.js';

/** A fresh utf8mb4 database per subject (`sessions_bench_<label>_<random>`), dropped by `drop`. */
const freshDatabase = (label: string) => createThrowawayDatabase('mysql', `bench_${label}`);

export const target: BenchTarget = {
  name: '@sessions/mysql',
  floorName: 'mysql2',
  phases: ['W1', 'W2', 'W3', 'W4', 'W6'],
  limits: { W1: 1.5, W2: 1.5 },
  async available() {
    const reason = await unreachableReason('mysql');
    return reason === undefined || `MySQL/MariaDB at ${redactUrl(mysqlServerUrl)} is unreachable (${reason}); set SESSIONS_MYSQL_URL`;
  },
  async packageSubject(): Promise<BenchSubject> {
    const database = await freshDatabase('pkg');
    // The way an app server uses the package: its own mysql2 pool, one session object per conversation.
    const pool = createPool({ uri: database.url });
    await migrate({ pool });
    return {
      session: (id) => new MySQLSession(id, { pool }),
      listSessions: async (limit) => (await listSessions({ pool }, { limit })).sessions,
      close: async () => {
        await pool.end();
        await database.drop();
      },
    };
  },
  async floorSubject(): Promise<BenchSubject> {
    const database = await freshDatabase('floor');
    const connection = await floorConnection(database.url);
    return {
      session: (id) => new FloorMySQLSession(connection, id),
      listSessions: async (limit) => {
        const [rows] = await connection.execute<RowDataPacket[]>(FLOOR_LIST + String(limit));
        return rows;
      },
      close: async () => {
        await connection.end();
        await database.drop();
      },
    };
  },
};
