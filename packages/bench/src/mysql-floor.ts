// The hand-written mysql2 floor every MySQL target (one server, a Galera cluster) is measured against.
import { readMigrations, type SessionItem } from '@sessions/core';
import { mysqlMigrationsFolder } from '@sessions/mysql';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import type { BenchSession } from './subject.js';

// The floor's SQL: what a careful user writes by hand against mysql2, with the package's schema.
// The session row really changes on every write (a Galera cluster sees no conflict between writes that leave it unchanged).
const TOUCH =
  'INSERT INTO agent_sessions (session_id, created_at, updated_at) VALUES (?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)) ' +
  'ON DUPLICATE KEY UPDATE updated_at = GREATEST(UTC_TIMESTAMP(3), updated_at + INTERVAL 1000 MICROSECOND)';
const insertRows = (n: number) => `INSERT INTO agent_messages (session_id, message_data) VALUES ${Array(n).fill('(?, ?)').join(', ')}`;
const ALL = 'SELECT message_data FROM agent_messages WHERE session_id = ? ORDER BY id';
const latest = (limit: number) => `SELECT message_data FROM agent_messages WHERE session_id = ? ORDER BY id DESC LIMIT ${limit}`;
const NEWEST = 'SELECT id, message_data FROM agent_messages WHERE session_id = ? ORDER BY id DESC LIMIT 1 FOR UPDATE';
const DELETE = 'DELETE FROM agent_messages WHERE id = ?';
export const FLOOR_LIST = `SELECT s.session_id, CAST(s.created_at AS CHAR) AS created_at, CAST(s.updated_at AS CHAR) AS updated_at,
    (SELECT COUNT(*) FROM agent_messages m WHERE m.session_id = s.session_id) AS item_count
  FROM agent_sessions s ORDER BY s.updated_at DESC, s.session_id DESC LIMIT `;

type Row = RowDataPacket & { id: number; message_data: string };

/** One transaction per turn, prepared statements (execute), on one mysql2 connection. */
export class FloorMySQLSession implements BenchSession {
  constructor(
    private readonly connection: Connection,
    private readonly sessionId: string,
    /** On a Galera cluster: a transaction that starts from everything the cluster committed. */
    private readonly begin = 'START TRANSACTION',
  ) {}

  async addItems(items: SessionItem[]): Promise<void> {
    const values: string[] = [];
    for (const item of items) values.push(this.sessionId, JSON.stringify(item));
    await this.connection.query(this.begin);
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
    await this.connection.query(this.begin);
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

/** A floor connection to `url` with the package's tables created from its shipped migrations. */
export async function floorConnection(url: string, migrate = true): Promise<Connection> {
  const connection = await createConnection({ uri: url });
  if (migrate) for (const migration of readMigrations(mysqlMigrationsFolder)) for (const sql of migration.statements) await connection.query(sql);
  return connection;
}
