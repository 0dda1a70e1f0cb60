import {
  checkListOptions,
  encodeListCursor,
  SESSIONS_TABLE,
  type AdvancedListSessionsOptions,
  type AdvancedSessionSummary,
  type ChainCache,
  type JsonObject,
} from '@sessions/core';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { causalRead } from '../galera.js';
import { metadataConditions } from './metadata-filter.js';
import { isoTime, mysqlTime } from './sql.js';
import { sessionCounts } from './summaries.js';

/** Sessions of the database, newest `created_at` first (ties by session id, descending), filtered and keyset-paged; on a Galera node (`galera`) after the cluster's writes. */
export async function listSessions(pool: Pool, galera: boolean, cache: ChainCache | undefined, sessionId: string, options: AdvancedListSessionsOptions): Promise<AdvancedSessionSummary[]> {
  const checked = checkListOptions(sessionId, options);
  const filter = metadataConditions(checked.metadata);
  // Expired sessions are not listed.
  const where = ['(s.expires_at IS NULL OR s.expires_at > UTC_TIMESTAMP(3))', ...filter.where];
  const params = [...filter.params];
  if (checked.createdAfter !== undefined) {
    where.push('s.created_at >= ?');
    params.push(mysqlTime(checked.createdAfter));
  }
  if (checked.createdBefore !== undefined) {
    where.push('s.created_at < ?');
    params.push(mysqlTime(checked.createdBefore));
  }
  if (checked.cursor !== undefined) {
    const at = mysqlTime(checked.cursor[0]);
    where.push('(s.created_at < ? OR (s.created_at = ? AND s.session_id < ?))');
    params.push(at, at, checked.cursor[1]);
  }
  const page = `SELECT s.session_id AS sessionId, CAST(s.created_at AS CHAR) AS createdAt, CAST(s.updated_at AS CHAR) AS updatedAt, md.metadata AS metadata
     FROM \`${SESSIONS_TABLE}\` s LEFT JOIN advanced_session_metadata md ON md.session_id = s.session_id
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY s.created_at DESC, s.session_id DESC LIMIT ${checked.limit}`;
  // The later reads (counts) are of rows this one saw: only the first waits for the cluster.
  const [rows] = await pool.query<RowDataPacket[]>(causalRead(page, galera), params);
  const counts = await sessionCounts(pool, cache, rows.map((row) => String(row.sessionId)));
  return rows.map((row) => {
    const summary = { sessionId: String(row.sessionId), createdAt: isoTime(String(row.createdAt)), updatedAt: isoTime(String(row.updatedAt)) };
    return {
      ...summary,
      ...counts.get(summary.sessionId)!,
      metadata: row.metadata === null ? {} : (JSON.parse(String(row.metadata)) as JsonObject),
      cursor: encodeListCursor(summary.createdAt, summary.sessionId),
    };
  });
}
