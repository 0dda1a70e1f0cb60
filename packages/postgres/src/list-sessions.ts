import { checkSessionId, MESSAGES_TABLE, SESSIONS_TABLE, SessionError, messageColumns as m, sessionColumns as s } from '@sessions/core';
import { withTarget, type PostgresTarget } from './connection.js';
import { toPostgresError } from './errors.js';
import { deleteSessionRow } from './statements.js';

export interface SessionSummary {
  sessionId: string;
  createdAt: Date;
  updatedAt: Date;
  itemCount: number;
}

export interface ListSessionsOptions {
  /** Page size, 1 to 1000; default 50. */
  limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

export interface SessionPage {
  sessions: SessionSummary[];
  /** Present when more sessions follow; pass it as `cursor` for the next page. */
  nextCursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

const columns = `s."${s.sessionId}" AS session_id, s."${s.createdAt}" AS created_at, s."${s.updatedAt}" AS updated_at,
  to_char(s."${s.updatedAt}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position,
  (SELECT count(*) FROM "${MESSAGES_TABLE}" m WHERE m."${m.sessionId}" = s."${s.sessionId}") AS item_count`;
const order = `ORDER BY s."${s.updatedAt}" DESC, s."${s.sessionId}" DESC LIMIT $1`;

// Two statements rather than one with `$2 IS NULL OR ...`, so each keeps its index plan.
const firstPage = { name: 'sessions_pg_list_first', text: `SELECT ${columns} FROM "${SESSIONS_TABLE}" s ${order}` };
const nextPage = {
  name: 'sessions_pg_list_next',
  text: `SELECT ${columns} FROM "${SESSIONS_TABLE}" s
    WHERE (s."${s.updatedAt}", s."${s.sessionId}") < ($2::timestamptz, $3::text) ${order}`,
};

interface SummaryRow {
  session_id: string;
  created_at: Date;
  updated_at: Date;
  position: string;
  item_count: string;
}

// The cursor carries updated_at to the microsecond (a Date would drop them) and the id that breaks ties.
function encodeCursor(row: SummaryRow): string {
  return Buffer.from(JSON.stringify([row.position, row.session_id])).toString('base64url');
}

function decodeCursor(cursor: unknown): [string, string] {
  const invalid = () => new SessionError('INVALID_ARGUMENT', 'cursor is not a nextCursor returned by listSessions');
  if (typeof cursor !== 'string') throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') throw invalid();
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(value[0])) throw invalid();
  return [value[0], value[1]];
}

function checkLimit(limit: unknown): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new SessionError('INVALID_ARGUMENT', `listSessions limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${String(limit)}`);
  }
  return limit;
}

/** One page of the stored sessions, most recently updated first. */
export async function listSessions(target: PostgresTarget, options: ListSessionsOptions = {}): Promise<SessionPage> {
  const limit = checkLimit(options.limit);
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  return withTarget(target, 'listSessions', async (pool) => {
    let rows: SummaryRow[];
    try {
      const query = after ? { ...nextPage, values: [limit + 1, ...after] } : { ...firstPage, values: [limit + 1] };
      rows = (await pool.query<SummaryRow>(query)).rows;
    } catch (error) {
      throw toPostgresError('listSessions', error);
    }
    const page = rows.slice(0, limit);
    const sessions = page.map((row) => ({
      sessionId: row.session_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      itemCount: Number(row.item_count),
    }));
    const last = page[page.length - 1];
    return rows.length > limit && last ? { sessions, nextCursor: encodeCursor(last) } : { sessions };
  });
}

/** Deletes a session and all its items; true when it existed. */
export async function deleteSession(target: PostgresTarget, sessionId: string): Promise<boolean> {
  const id = checkSessionId(sessionId);
  return withTarget(target, 'deleteSession', async (pool) => {
    try {
      const result = await pool.query({ ...deleteSessionRow, values: [id] });
      return (result.rowCount ?? 0) > 0;
    } catch (error) {
      throw toPostgresError('deleteSession', error, id);
    }
  });
}
