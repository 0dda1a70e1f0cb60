import { readMigrations, type SessionItem } from '@sessions/core';
import { listSessions, migrate, MySQLSession, mysqlMigrationsFolder } from '@sessions/mysql';
import { createThrowawayDatabase, mysqlServerUrl, redactUrl, unreachableReason } from '@sessions/test-servers';
import { createConnection, createPool, type Connection, type RowDataPacket } from 'mysql2/promise';
import type { BenchSession, BenchSubject, BenchTarget } from '../subject.js';

/** A fresh utf8mb4 database per subject (`sessions_bench_<label>_<random>`), dropped by `drop`. */
const freshDatabase = (label: string) => createThrowawayDatabase('mysql', `bench_${label}`);

// The floor's SQL: what a careful user writes by hand against mysql2, with the package's schema.
const TOUCH =
  'INSERT INTO agent_sessions (session_id, created_at, updated_at) VALUES (?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE updated_at = UTC_TIMESTAMP(3)';
const insertRows = (n: number) => `INSERT INTO agent_messages (session_id, message_data) VALUES ${Array(n).fill('(?, ?)').join(', ')}`;
const ALL = 'SELECT message_data FROM agent_messages WHERE session_id = ? ORDER BY id';
const latest = (limit: number) => `SELECT message_data FROM agent_messages WHERE session_id = ? ORDER BY id DESC LIMIT ${limit}`;
const NEWEST = 'SELECT id, message_data FROM agent_messages WHERE session_id = ? ORDER BY id DESC LIMIT 1 FOR UPDATE';
const DELETE = 'DELETE FROM agent_messages WHERE id = ?';
const LIST = `SELECT s.session_id, CAST(s.created_at AS CHAR) AS created_at, CAST(s.updated_at AS CHAR) AS updated_at,
    (SELECT COUNT(*) FROM agent_messages m WHERE m.session_id = s.session_id) AS item_count
  FROM agent_sessions s ORDER BY s.updated_at DESC, s.session_id DESC LIMIT `;

type Row = RowDataPacket & { id: number; message_data: string };

/** One transaction per turn, prepared statements (execute), on one mysql2 connection. */
class FloorMySQLSession implements BenchSession {
  constructor(
    private readonly connection: Connection,
    private readonly sessionId: string,
  ) {}

  async addItems(items: SessionItem[]): Promise<void> {
    const values: string[] = [];
    for (const item of items) values.push(this.sessionId, JSON.stringify(item));
    await this.connection.query('START TRANSACTION');
    try {
      await this.connection.execute(TOUCH, [this.sessionId]);
      await this.connection.execute(insertRows(items.length), values);
      await this.connection.query('COMMIT');
    } catch (error) {
      await this.connection.query('ROLLBACK');
      throw error;
    }
  }

  async getItems(limit?: number): Promise<SessionItem[]> {
    if (limit === undefined) {
      const [rows] = await this.connection.execute<Row[]>(ALL, [this.sessionId]);
      return rows.map((row) => JSON.parse(row.message_data) as SessionItem);
    }
    const [rows] = await this.connection.execute<Row[]>(latest(limit), [this.sessionId]);
    return rows.reverse().map((row) => JSON.parse(row.message_data) as SessionItem);
  }

  async popItem(): Promise<SessionItem | undefined> {
    await this.connection.query('START TRANSACTION');
    try {
      const [rows] = await this.connection.execute<Row[]>(NEWEST, [this.sessionId]);
      const row = rows[0];
      if (row) await this.connection.execute(DELETE, [row.id]);
      await this.connection.query('COMMIT');
      return row ? (JSON.parse(row.message_data) as SessionItem) : undefined;
    } catch (error) {
      await this.connection.query('ROLLBACK');
      throw error;
    }
  }

  async close(): Promise<void> {}
}

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
    const connection = await createConnection({ uri: database.url });
    for (const migration of readMigrations(mysqlMigrationsFolder)) for (const sql of migration.statements) await connection.query(sql);
    return {
      session: (id) => new FloorMySQLSession(connection, id),
      listSessions: async (limit) => {
        const [rows] = await connection.execute<RowDataPacket[]>(LIST + String(limit));
        return rows;
      },
      close: async () => {
        await connection.end();
        await database.drop();
      },
    };
  },
};
