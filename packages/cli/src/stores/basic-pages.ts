import { tableNames } from './basic-tables.js';
import type { SqlClient } from './sql-client.js';

/**
 * Paged reads of the two shared tables for `sessions ui`: a page of sessions
 * in some order, a session's items after a given row, and the sessions whose
 * rows mention a text. Every query is bounded by LIMIT or by one session,
 * except the ranking without a limit, which reads ids, times and counts only.
 */

export type BasicSort = 'updated' | 'created' | 'items';

export interface BasicSessionRow {
  sessionId: string;
  createdAt: string;
  updatedAt: string;
  /** Rows stored for the session. */
  items: number;
}

export interface StoredRow {
  id: number;
  data: string;
  createdAt: string;
}

/** Sessions in the order asked, ties by id; `limit` undefined reads them all (ids, times and counts only). */
export async function pageSessions(
  sql: SqlClient,
  options: { sort: BasicSort; order: 'asc' | 'desc'; limit?: number | undefined; offset?: number | undefined },
): Promise<BasicSessionRow[]> {
  const t = tableNames(sql);
  const direction = options.order === 'asc' ? 'ASC' : 'DESC';
  const key = options.sort === 'created' ? `s.${t.sCreated}` : options.sort === 'updated' ? `s.${t.sUpdated}` : 'item_count';
  const page = options.limit === undefined ? '' : `LIMIT ${Math.trunc(options.limit)} OFFSET ${Math.trunc(options.offset ?? 0)}`;
  const rows = await sql.all<{ session_id: string; created_at: string; updated_at: string; item_count: number | string }>(
    `SELECT s.${t.sId} AS session_id, ${sql.isoTimestamp(`s.${t.sCreated}`)} AS created_at, ${sql.isoTimestamp(`s.${t.sUpdated}`)} AS updated_at,
            (SELECT COUNT(*) FROM ${t.messages} msg WHERE msg.${t.mSession} = s.${t.sId}) AS item_count
       FROM ${t.sessions} s
      ORDER BY ${key} ${direction}, s.${t.sId} ${direction}
      ${page}`,
  );
  return rows.map((row) => ({ sessionId: row.session_id, createdAt: row.created_at, updatedAt: row.updated_at, items: Number(row.item_count) }));
}

export async function countSessions(sql: SqlClient): Promise<number> {
  const t = tableNames(sql);
  const [row] = await sql.all<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${t.sessions}`);
  return Number(row?.n ?? 0);
}

/** Rows stored for one session. */
export async function countItems(sql: SqlClient, sessionId: string): Promise<number> {
  const t = tableNames(sql);
  const [row] = await sql.all<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${t.messages} WHERE ${t.mSession} = ?`, [sessionId]);
  return Number(row?.n ?? 0);
}

/** Up to `limit` of a session's rows after row id `afterId`, in order: one index range read. */
export async function readRowsAfter(sql: SqlClient, sessionId: string, afterId: number, limit: number): Promise<StoredRow[]> {
  const t = tableNames(sql);
  const rows = await sql.all<{ id: number | string; data: string; created_at: string }>(
    `SELECT ${t.mId} AS id, ${sql.text(t.mData)} AS data, ${sql.isoTimestamp(t.mCreated)} AS created_at
       FROM ${t.messages} WHERE ${t.mSession} = ? AND ${t.mId} > ? ORDER BY ${t.mId} ASC LIMIT ${Math.trunc(limit)}`,
    [sessionId, afterId],
  );
  return rows.map((row) => ({ id: Number(row.id), data: row.data, createdAt: row.created_at }));
}

/**
 * The part of `term` every database finds case-insensitively in JSON text:
 * the longest piece without letters beyond ASCII that have case (SQLite
 * lowers ASCII only), spelled as JSON spells it.
 */
function likeNeedle(term: string): string {
  const pieces = term.toLowerCase().split(/[^\u0000-\u007f](?<=\p{Lu}|\p{Ll}|\p{Lt})/u);
  const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
  return JSON.stringify(longest).slice(1, -1);
}

/**
 * Rows whose stored JSON text may contain `term`: a cheap first cut the
 * caller confirms against each item's readable text.
 */
export async function rowsMentioning(sql: SqlClient, term: string): Promise<{ sessionId: string; data: string }[]> {
  const t = tableNames(sql);
  const pattern = `%${likeNeedle(term).replace(/[!%_]/g, (c) => `!${c}`)}%`;
  const rows = await sql.all<{ session_id: string; data: string }>(
    `SELECT ${t.mSession} AS session_id, ${sql.text(t.mData)} AS data FROM ${t.messages}
      WHERE LOWER(${sql.text(t.mData)}) LIKE ? ESCAPE '!' ORDER BY ${t.mId}`,
    [pattern],
  );
  return rows.map((row) => ({ sessionId: row.session_id, data: row.data }));
}
