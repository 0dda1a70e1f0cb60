import { readMigrations, type SessionItem } from '@sessions/core';
import { listSessions, migrate, PostgresSession, postgresMigrationsFolder } from '@sessions/postgres';
import { createThrowawayDatabase, postgresServerUrl, redactUrl, unreachableReason } from '@sessions/test-servers';
import pg from 'pg';
import type { BenchSession, BenchSubject, BenchTarget } from '../subject.js';

/** A fresh database per subject (`sessions_bench_<label>_<random>`), dropped by `drop`. */
const freshDatabase = (label: string) => createThrowawayDatabase('postgres', `bench_${label}`);

// The floor's SQL: what a careful user writes by hand against pg, with the package's schema.
const APPEND = {
  name: 'floor_append',
  text: `WITH s AS (
    INSERT INTO agent_sessions (session_id) VALUES ($1)
    ON CONFLICT (session_id) DO UPDATE SET updated_at = now() RETURNING session_id)
  INSERT INTO agent_messages (session_id, message_data)
  SELECT s.session_id, b.data FROM s, unnest($2::text[]) WITH ORDINALITY AS b(data, n) ORDER BY b.n`,
};
const LATEST = { name: 'floor_latest', text: 'SELECT message_data FROM agent_messages WHERE session_id = $1 ORDER BY id DESC LIMIT $2' };
const ALL = { name: 'floor_all', text: 'SELECT message_data FROM agent_messages WHERE session_id = $1 ORDER BY id ASC' };
const POP = {
  name: 'floor_pop',
  text: `DELETE FROM agent_messages WHERE session_id = $1 AND id = (
    SELECT id FROM agent_messages WHERE session_id = $1 ORDER BY id DESC LIMIT 1 FOR UPDATE) RETURNING message_data`,
};
const LIST = {
  name: 'floor_list',
  text: `SELECT s.session_id, s.created_at, s.updated_at,
      (SELECT count(*) FROM agent_messages m WHERE m.session_id = s.session_id) AS item_count
    FROM agent_sessions s ORDER BY s.updated_at DESC, s.session_id DESC LIMIT $1`,
};

type Row = { message_data: string };

/** One transaction per turn (a single statement), prepared statements, on one pg.Client. */
class FloorPostgresSession implements BenchSession {
  constructor(
    private readonly client: pg.Client,
    private readonly sessionId: string,
  ) {}

  async addItems(items: SessionItem[]): Promise<void> {
    await this.client.query({ ...APPEND, values: [this.sessionId, items.map((item) => JSON.stringify(item))] });
  }

  async getItems(limit?: number): Promise<SessionItem[]> {
    if (limit === undefined) {
      const { rows } = await this.client.query<Row>({ ...ALL, values: [this.sessionId] });
      return rows.map((row) => JSON.parse(row.message_data) as SessionItem);
    }
    const { rows } = await this.client.query<Row>({ ...LATEST, values: [this.sessionId, limit] });
    return rows.reverse().map((row) => JSON.parse(row.message_data) as SessionItem);
  }

  async popItem(): Promise<SessionItem | undefined> {
    const { rows } = await this.client.query<Row>({ ...POP, values: [this.sessionId] });
    return rows[0] ? (JSON.parse(rows[0].message_data) as SessionItem) : undefined;
  }

  async close(): Promise<void> {}
}

export const target: BenchTarget = {
  name: '@sessions/postgres',
  floorName: 'pg',
  phases: ['W1', 'W2', 'W3', 'W4', 'W6'],
  limits: { W1: 1.5, W2: 1.5 },
  async available() {
    const reason = await unreachableReason('postgres');
    return reason === undefined || `PostgreSQL at ${redactUrl(postgresServerUrl)} is unreachable (${reason}); set SESSIONS_PG_URL`;
  },
  async packageSubject(): Promise<BenchSubject> {
    const database = await freshDatabase('pkg');
    // The way an app server uses the package: its own pg.Pool, one session object per conversation.
    const pool = new pg.Pool({ connectionString: database.url });
    pool.on('error', () => {});
    await migrate({ pool });
    return {
      session: (id) => new PostgresSession(id, { pool }),
      listSessions: async (limit) => (await listSessions({ pool }, { limit })).sessions,
      close: async () => {
        await pool.end();
        await database.drop();
      },
    };
  },
  async floorSubject(): Promise<BenchSubject> {
    const database = await freshDatabase('floor');
    const client = new pg.Client({ connectionString: database.url });
    client.on('error', () => {});
    await client.connect();
    for (const migration of readMigrations(postgresMigrationsFolder)) for (const sql of migration.statements) await client.query(sql);
    return {
      session: (id) => new FloorPostgresSession(client, id),
      listSessions: async (limit) => (await client.query({ ...LIST, values: [limit] })).rows,
      close: async () => {
        await client.end();
        await database.drop();
      },
    };
  },
};
