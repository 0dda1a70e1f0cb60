import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';

export type RawKind = 'sqlite' | 'postgres' | 'mysql';

/** A session row straight from `agent_sessions`, times as ISO-8601 UTC text. */
export interface RawSession {
  sessionId: string;
  owner: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A message row straight from `agent_messages`: its JSON text as stored and its time. */
export interface RawMessage {
  sessionId: string;
  data: string;
  createdAt: string;
}

const PG_ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const MYSQL_ISO = (column: string) => `CONCAT(REPLACE(CAST(${column} AS CHAR), ' ', 'T'), 'Z')`;

/** Runs one read on a fresh connection to the store and closes it. */
export async function query<T>(kind: RawKind, url: string, sql: { sqlite: string; postgres: string; mysql: string }, params: unknown[]): Promise<T[]> {
  if (kind === 'sqlite') {
    const db = new Database(url, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql.sqlite).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  if (kind === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql.postgres, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const connection = await mysql.createConnection({ uri: url, dateStrings: true });
  try {
    await connection.query(`SET time_zone = '+00:00'`);
    return (await connection.query(sql.mysql, params))[0] as T[];
  } finally {
    await connection.end();
  }
}

const SESSIONS = (iso: (c: string) => string, p: string) =>
  `SELECT session_id AS "sessionId", owner, ${iso('created_at')} AS "createdAt", ${iso('updated_at')} AS "updatedAt" FROM agent_sessions${p}`;
const MESSAGES = (iso: (c: string) => string, text: string, p: string) =>
  `SELECT session_id AS "sessionId", ${text} AS data, ${iso('created_at')} AS "createdAt" FROM agent_messages${p} ORDER BY id`;
const mysqlQuoted = (sql: string) => sql.replaceAll('"', '`');

/**
 * Reads `agent_sessions` / `agent_messages` of a store directly, bypassing
 * every adapter, so tests check what really landed in the tables. `url` is a
 * SQLite file path or a server URL. Without `sessionId`, every row.
 */
export async function rawSessions(kind: RawKind, url: string, sessionId?: string): Promise<RawSession[]> {
  const where = (mark: string) => (sessionId === undefined ? ' ORDER BY session_id' : ` WHERE session_id = ${mark}`);
  return query<RawSession>(
    kind,
    url,
    { sqlite: SESSIONS((c) => c, where('?')), postgres: SESSIONS(PG_ISO, where('$1')), mysql: mysqlQuoted(SESSIONS(MYSQL_ISO, where('?'))) },
    sessionId === undefined ? [] : [sessionId],
  );
}

export async function rawMessages(kind: RawKind, url: string, sessionId?: string): Promise<RawMessage[]> {
  const where = (mark: string) => (sessionId === undefined ? '' : ` WHERE session_id = ${mark}`);
  return query<RawMessage>(
    kind,
    url,
    {
      sqlite: MESSAGES((c) => c, 'message_data', where('?')),
      postgres: MESSAGES(PG_ISO, 'message_data::text', where('$1')),
      mysql: mysqlQuoted(MESSAGES(MYSQL_ISO, 'message_data', where('?'))),
    },
    sessionId === undefined ? [] : [sessionId],
  );
}

const TABLES_WITH_SESSION_ID = {
  sqlite: `SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) c ON c.name = 'session_id' WHERE m.type = 'table' ORDER BY m.name`,
  postgres: `SELECT table_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'session_id' ORDER BY table_name`,
  mysql: `SELECT table_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name = 'session_id' ORDER BY table_name`,
};

/**
 * How many rows every table with a `session_id` column holds for the session
 * (tables found from the catalog, so a table added later is checked too).
 */
export async function rawRowCounts(kind: RawKind, url: string, sessionId: string): Promise<Record<string, number>> {
  const tables = await query<{ name?: string; NAME?: string; TABLE_NAME?: string }>(kind, url, TABLES_WITH_SESSION_ID, []);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const name = (table.name ?? table.NAME ?? table.TABLE_NAME)!;
    const quoted = kind === 'mysql' ? `\`${name}\`` : `"${name}"`;
    const mark = kind === 'postgres' ? '$1' : '?';
    const sql = `SELECT COUNT(*) AS n FROM ${quoted} WHERE session_id = ${mark}`;
    const [row] = await query<{ n: number | string }>(kind, url, { sqlite: sql, postgres: sql, mysql: sql }, [sessionId]);
    counts[name] = Number(row!.n);
  }
  return counts;
}

/** The raw reader `@sessions/conformance`'s store suite takes, on one store. */
export function rawStoreReader(kind: RawKind, url: string) {
  return {
    rowCounts: (sessionId: string) => rawRowCounts(kind, url, sessionId),
    sessionRow: async (sessionId: string) => {
      const [row] = await rawSessions(kind, url, sessionId);
      return row && { owner: row.owner, createdAt: row.createdAt, updatedAt: row.updatedAt };
    },
    messageRows: async (sessionId: string) => (await rawMessages(kind, url, sessionId)).map(({ data, createdAt }) => ({ data, createdAt })),
  };
}
