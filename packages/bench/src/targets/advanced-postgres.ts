import { messagesOf, turnNumbers, type SessionItem } from '@sessions/core';
import { AdvancedPostgresSession, migrate, openSessionStore, type PostgresSessionStore } from '@sessions/postgres';
import { createThrowawayDatabase, postgresServerUrl, redactUrl, unreachableReason } from '@sessions/test-servers';
import pg from 'pg';
import { runBranchScale } from '../branch-scale.js';
import type { ResultRow } from '../report.js';
import type { BenchSession, BenchSubject, BenchTarget } from '../subject.js';
import { median, timeIt } from '../timing.js';
import { turnItems } from '../workload.js';

const freshDatabase = (label: string) => createThrowawayDatabase('postgres', `bench_${label}`);

async function migratedPool(label: string): Promise<{ pool: pg.Pool; drop: () => Promise<void> }> {
  const database = await freshDatabase(label);
  const pool = new pg.Pool({ connectionString: database.url });
  pool.on('error', () => {});
  await migrate({ pool });
  return {
    pool,
    drop: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

// The floor: what a careful user writes by hand against pg for the same tables and the same
// guarantees (writers of one session from several servers stay whole and numbered in order):
// one transaction per turn that locks the session row, then one statement for the messages
// and their structure rows. It knows its lane (no branches), so it needs no chain.
const LOCK = { name: 'afloor_lock', text: `INSERT INTO agent_sessions (session_id) VALUES ($1) ON CONFLICT (session_id) DO UPDATE SET updated_at = now()` };
const APPEND = {
  name: 'afloor_append',
  text: `WITH last AS (
      SELECT coalesce((SELECT turn FROM advanced_message_structure WHERE session_id = $1 AND lane_id = $2 ORDER BY message_id DESC LIMIT 1), 0) AS turn
    ),
    batch AS (SELECT * FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS b(data, turn, kind, tool_name, search_text, n)),
    inserted AS (INSERT INTO agent_messages (session_id, message_data) SELECT $1, data FROM batch ORDER BY n RETURNING id),
    numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM inserted)
    INSERT INTO advanced_message_structure (session_id, message_id, lane_id, turn, kind, tool_name, search_text)
    SELECT $1, i.id, $2, last.turn + b.turn, b.kind, b.tool_name, b.search_text FROM numbered i JOIN batch b ON b.n = i.n, last`,
};
const LATEST = {
  name: 'afloor_latest',
  text: `SELECT m.message_data FROM advanced_message_structure s JOIN agent_messages m ON m.session_id = s.session_id AND m.id = s.message_id
    WHERE s.session_id = $1 AND s.lane_id = $2 ORDER BY s.message_id DESC LIMIT $3`,
};
const ALL = {
  name: 'afloor_all',
  text: `SELECT m.message_data FROM advanced_message_structure s JOIN agent_messages m ON m.session_id = s.session_id AND m.id = s.message_id
    WHERE s.session_id = $1 AND s.lane_id = $2 ORDER BY s.message_id`,
};
const POP = {
  name: 'afloor_pop',
  text: `DELETE FROM agent_messages WHERE session_id = $1 AND id = (
      SELECT message_id FROM advanced_message_structure WHERE session_id = $1 AND lane_id = $2 ORDER BY message_id DESC LIMIT 1)
    RETURNING message_data`,
};

type Row = { message_data: string };

class FloorAdvancedSession implements BenchSession {
  constructor(
    private readonly client: pg.Client,
    private readonly sessionId: string,
    private readonly laneId: number,
  ) {}

  static async create(client: pg.Client, sessionId: string): Promise<FloorAdvancedSession> {
    await client.query('INSERT INTO agent_sessions (session_id) VALUES ($1)', [sessionId]);
    const { rows } = await client.query<{ lane_id: string }>('INSERT INTO advanced_lanes (session_id) VALUES ($1) RETURNING lane_id', [sessionId]);
    const laneId = Number(rows[0]!.lane_id);
    await client.query(`INSERT INTO advanced_branches (session_id, branch_id, lane_id) VALUES ($1, 'main', $2)`, [sessionId, laneId]);
    return new FloorAdvancedSession(client, sessionId, laneId);
  }

  async addItems(items: SessionItem[]): Promise<void> {
    const rows = items.map((item) => JSON.stringify(item));
    const messages = messagesOf(rows, items);
    await this.client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await this.client.query({ ...LOCK, values: [this.sessionId] });
    await this.client.query({
      ...APPEND,
      values: [this.sessionId, this.laneId, rows, turnNumbers(items), messages.map((m) => m.kind), messages.map((m) => m.toolName), messages.map((m) => m.searchText)],
    });
    await this.client.query('COMMIT');
  }

  async getItems(limit?: number): Promise<SessionItem[]> {
    if (limit === undefined) {
      const { rows } = await this.client.query<Row>({ ...ALL, values: [this.sessionId, this.laneId] });
      return rows.map((row) => JSON.parse(row.message_data) as SessionItem);
    }
    const { rows } = await this.client.query<Row>({ ...LATEST, values: [this.sessionId, this.laneId, limit] });
    return rows.reverse().map((row) => JSON.parse(row.message_data) as SessionItem);
  }

  async popItem(): Promise<SessionItem | undefined> {
    await this.client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await this.client.query({ ...LOCK, values: [this.sessionId] });
    const { rows } = await this.client.query<Row>({ ...POP, values: [this.sessionId, this.laneId] });
    await this.client.query('COMMIT');
    return rows[0] ? (JSON.parse(rows[0].message_data) as SessionItem) : undefined;
  }

  async close(): Promise<void> {}
}

/**
 * AdvancedPostgresSession against the hand-written floor on the same tables
 * (W1-W4), then W5 (branch scale) and W6 (store listing at 1,000 and 100,000
 * sessions) measured against themselves.
 */
export const target: BenchTarget = {
  name: '@sessions/postgres advanced',
  floorName: 'pg (same tables)',
  phases: ['W1', 'W2', 'W3', 'W4'],
  limits: { W1: 1.5, W2: 1.5 },
  async available() {
    const reason = await unreachableReason('postgres');
    return reason === undefined || `PostgreSQL at ${redactUrl(postgresServerUrl)} is unreachable (${reason}); set SESSIONS_PG_URL`;
  },
  async packageSubject(): Promise<BenchSubject> {
    const { pool, drop } = await migratedPool('adv_pkg');
    return { session: (id) => new AdvancedPostgresSession(id, { pool }), close: drop };
  },
  async floorSubject(): Promise<BenchSubject> {
    const { pool, drop } = await migratedPool('adv_floor');
    const client = new pg.Client({ connectionString: (pool.options as { connectionString: string }).connectionString });
    client.on('error', () => {});
    await client.connect();
    return {
      session: (id) => FloorAdvancedSession.create(client, id),
      close: async () => {
        await client.end();
        await drop();
      },
    };
  },
};

/** W5 on one database: ANALYZE after the setup, as autovacuum would soon do on a live one. */
async function runW5(): Promise<ResultRow[]> {
  const { pool, drop } = await migratedPool('adv_w5');
  try {
    const settle = async () => void (await pool.query('ANALYZE'));
    return await runBranchScale(target.name, { open: (id) => new AdvancedPostgresSession(id, { pool }), settle }, { creation: 1.2, reads: 1.3 });
  } finally {
    await drop();
  }
}

const W6_REPEATS = 21;
const W6_OWNER = 'owner-7';

/**
 * Sessions `from`..`to` of BENCHMARK.md W6 written directly (not timed): one
 * turn each, every tenth owned by one of 1,000 owners, each newer than the last.
 */
async function fillSessions(pool: pg.Pool, from: number, to: number): Promise<void> {
  const [user, call, result, reply] = turnItems(0).map((item) => JSON.stringify(item));
  await pool.query(
    `INSERT INTO agent_sessions (session_id, owner, created_at, updated_at)
     SELECT 'w6-' || g, CASE WHEN g % 10 = 0 THEN 'owner-' || (g / 10 % 1000) END, t, t
     FROM generate_series($1::int, $2::int) g, LATERAL (SELECT now() - interval '1 day' + g * interval '1 millisecond' AS t) x`,
    [from, to],
  );
  await pool.query(`INSERT INTO advanced_lanes (session_id) SELECT 'w6-' || g FROM generate_series($1::int, $2::int) g`, [from, to]);
  await pool.query(
    `INSERT INTO advanced_branches (session_id, branch_id, lane_id)
     SELECT session_id, 'main', lane_id FROM advanced_lanes WHERE session_id = ANY (SELECT 'w6-' || g FROM generate_series($1::int, $2::int) g)`,
    [from, to],
  );
  await pool.query(
    `WITH m AS (
       INSERT INTO agent_messages (session_id, message_data)
       SELECT 'w6-' || g, d.data FROM generate_series($1::int, $2::int) g, unnest($3::text[]) WITH ORDINALITY AS d(data, n) ORDER BY g, d.n
       RETURNING session_id, id, message_data
     )
     INSERT INTO advanced_message_structure (session_id, message_id, lane_id, turn, kind, tool_name, search_text)
     SELECT m.session_id, m.id, l.lane_id, 1, k.kind, NULL, '' FROM m
     JOIN advanced_lanes l ON l.session_id = m.session_id
     JOIN unnest($3::text[], $4::text[]) AS k(data, kind) ON k.data = m.message_data`,
    [from, to, [user, call, result, reply], ['user', 'function_call', 'function_call_result', 'assistant']],
  );
  // Settle what the bulk write left behind (statistics, visibility, dirty pages), as a live database soon would.
  await pool.query('VACUUM ANALYZE');
  await pool.query('CHECKPOINT');
}

async function listingTimes(store: PostgresSessionStore): Promise<{ all: number; owner: number; items: number }> {
  const all: number[] = [];
  const owner: number[] = [];
  const items: number[] = [];
  const session = new AdvancedPostgresSession('w6-500', { pool: store.pool });
  for (let r = 0; r < W6_REPEATS; r++) {
    all.push(await timeIt(async () => {
      if ((await store.listSessions({ limit: 50 })).sessions.length !== 50) throw new Error('W6 listed too few sessions');
    }));
    owner.push(await timeIt(async () => {
      if ((await store.listSessions({ owner: W6_OWNER, limit: 50 })).sessions.length === 0) throw new Error(`W6 listed no session of ${W6_OWNER}`);
    }));
    items.push(await timeIt(async () => {
      if ((await session.getItems(50)).length !== 4) throw new Error('W6 read the wrong items');
    }));
  }
  await session.close();
  return { all: median(all), owner: median(owner), items: median(items) };
}

/** W6 on the store contract: the first page at 100,000 sessions against the same at 1,000. */
async function runW6(): Promise<ResultRow[]> {
  const database = await freshDatabase('adv_w6');
  const store = await openSessionStore(database.url);
  try {
    await store.migrate();
    const pg = store as PostgresSessionStore;
    await fillSessions(pg.pool, 1, 1_000);
    const small = await listingTimes(pg);
    await fillSessions(pg.pool, 1_001, 100_000);
    const large = await listingTimes(pg);
    const row = (phase: string, ms: number, base: number): ResultRow => ({
      target: target.name,
      phase,
      packageMs: ms,
      floor: 'same at 1,000 sessions',
      floorMs: base,
      ratio: ms / base,
      limit: 2,
    });
    return [
      row('W6 store listSessions first page, 100,000 sessions', large.all, small.all),
      row(`W6 store listSessions({ owner }) first page, 100,000 sessions`, large.owner, small.owner),
      row('W6 one session getItems(50), 100,000 sessions', large.items, small.items),
    ];
  } finally {
    await store.close();
    await database.drop();
  }
}

export async function extraRows(): Promise<ResultRow[]> {
  return [...(await runW5()), ...(await runW6())];
}
