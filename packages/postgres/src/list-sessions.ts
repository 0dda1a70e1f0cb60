import {
  checkPageSize,
  checkSessionId,
  decodeCursor,
  encodeCursor,
  MESSAGES_TABLE,
  SESSIONS_TABLE,
  messageColumns as m,
  sessionColumns as s,
  type ListSessionsOptions,
  type SessionPage,
} from '@sessions/core';
// The cursor carries updated_at to the microsecond (a Date would drop them) and the id that breaks ties.
import { POSITION_PATTERN } from './advanced/sql.js';
import { withTarget, type PostgresTarget } from './connection.js';
import { toPostgresError } from './errors.js';
import { deleteSessionRow } from './statements.js';

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


/** One page of the stored sessions, most recently updated first. */
export async function listSessions(target: PostgresTarget, options: ListSessionsOptions = {}): Promise<SessionPage> {
  const limit = checkPageSize(options.limit);
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, POSITION_PATTERN);
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
    return rows.length > limit && last ? { sessions, nextCursor: encodeCursor(last.position, last.session_id) } : { sessions };
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

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ListSessionsOptions, type SessionPage, type SessionSummary } from '@sessions/core';
