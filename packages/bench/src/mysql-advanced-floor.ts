// The hand-written floor for AdvancedMySQLSession: what a careful user writes
// against mysql2 with the same tables (items on a branch's lane, with their
// turn, kind, tool and search text).
import { itemKind, readMigrations, searchTextOf, toolName, turnNumbers, type SessionItem } from '@sessions/core';
import { mysqlMigrationsFolder } from '@sessions/mysql';
import { createThrowawayDatabase } from '@sessions/test-servers';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import type { BenchSession, BenchSubject } from './subject.js';

const TOUCH =
  'INSERT INTO agent_sessions (session_id, created_at, updated_at) VALUES (?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE updated_at = UTC_TIMESTAMP(3)';
// main's lane and the turn of its newest item, in one statement (main never forks here: one lane).
const HEAD = `SELECT b.lane_id AS lane, (SELECT m.turn FROM agent_messages m WHERE m.lane_id = b.lane_id ORDER BY m.id DESC LIMIT 1) AS turn
  FROM advanced_branches b WHERE b.session_id = ? AND b.branch_id = 'main'`;
const insertRows = (n: number) =>
  `INSERT INTO agent_messages (session_id, message_data, lane_id, turn, kind, tool_name, search_text) VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
const latest = (limit: number) =>
  `SELECT message_data FROM agent_messages WHERE lane_id = (SELECT lane_id FROM advanced_branches WHERE session_id = ? AND branch_id = 'main') ORDER BY id DESC LIMIT ${limit}`;
const ALL = `SELECT message_data FROM agent_messages WHERE lane_id = (SELECT lane_id FROM advanced_branches WHERE session_id = ? AND branch_id = 'main') ORDER BY id`;

type Row = RowDataPacket & Record<string, unknown>;

/** One READ COMMITTED transaction per turn, on one mysql2 connection. */
class FloorAdvancedMySQLSession implements BenchSession {
  constructor(
    private readonly connection: Connection,
    private readonly sessionId: string,
  ) {}

  async addItems(items: SessionItem[]): Promise<void> {
    const c = this.connection;
    await c.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    await c.query('START TRANSACTION');
    try {
      await c.execute(TOUCH, [this.sessionId]);
      const [heads] = await c.execute<Row[]>(HEAD, [this.sessionId]);
      let lane = heads[0]?.lane as number | undefined;
      if (lane === undefined) {
        const [made] = await c.execute('INSERT INTO advanced_lanes (session_id) VALUES (?)', [this.sessionId]);
        lane = (made as { insertId: number }).insertId;
        await c.execute(`INSERT INTO advanced_branches (session_id, branch_id, lane_id) VALUES (?, 'main', ?)`, [this.sessionId, lane]);
      }
      const turns = turnNumbers(items, Number(heads[0]?.turn ?? 0));
      const values: (string | number | null)[] = [];
      items.forEach((item, i) => values.push(this.sessionId, JSON.stringify(item), lane!, turns[i]!, itemKind(item), toolName(item) ?? null, searchTextOf(item)));
      await c.execute(insertRows(items.length), values);
      await c.query('COMMIT');
    } catch (error) {
      await c.query('ROLLBACK');
      throw error;
    }
  }

  async getItems(limit?: number): Promise<SessionItem[]> {
    if (limit === undefined) {
      const [rows] = await this.connection.execute<Row[]>(ALL, [this.sessionId]);
      return rows.map((row) => JSON.parse(String(row.message_data)) as SessionItem);
    }
    const [rows] = await this.connection.execute<Row[]>(latest(limit), [this.sessionId]);
    return rows.reverse().map((row) => JSON.parse(String(row.message_data)) as SessionItem);
  }

  async popItem(): Promise<SessionItem | undefined> {
    throw new Error('the advanced floor measures W1 and W2 only');
  }

  async close(): Promise<void> {}
}

/** A fresh database with the package's migrations, and the floor on one connection to it. */
export async function advancedMySQLFloorSubject(): Promise<BenchSubject> {
  const database = await createThrowawayDatabase('mysql', 'bench_advfloor');
  const connection = await createConnection({ uri: database.url });
  for (const migration of readMigrations(mysqlMigrationsFolder)) for (const sql of migration.statements) await connection.query(sql);
  return {
    session: (id) => new FloorAdvancedMySQLSession(connection, id),
    close: async () => {
      await connection.end();
      await database.drop();
    },
  };
}
