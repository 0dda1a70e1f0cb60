import {
  checkStoreListOptions,
  decodeCursor,
  encodeCursor,
  SESSIONS_TABLE,
  type ChainCache,
  type JsonObject,
  type StoreListOptions,
  type StorePage,
} from '@sessions/core';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { metadataConditions } from '../advanced/metadata-filter.js';
import { causalRead } from '../galera.js';
import { isoTime } from '../advanced/sql.js';
import { sessionCounts } from '../advanced/summaries.js';

// DATETIME(3) as MySQL prints it: compared as text in the cursor, so nothing is rounded.
const POSITION = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

/**
 * One page of the store's sessions, newest `updated_at` first (ties by id),
 * keyset-paged. Without filters it reads `agent_sessions_updated_idx`
 * backwards from the cursor, with an owner `agent_sessions_owner_updated_idx`:
 * a page costs the same however many sessions the store holds. A metadata
 * filter is checked on the rows read along the same index. On a Galera node
 * (`galera`) the page is read once the node has applied what the cluster committed.
 */
export async function listStoreSessions(
  pool: Pool,
  galera: boolean,
  cache: ChainCache | undefined,
  options: StoreListOptions | undefined,
  metadataEncrypted = false,
): Promise<StorePage> {
  const { sql, params, limit } = storeListQuery(options, metadataEncrypted);
  const [rows] = await pool.query<RowDataPacket[]>(causalRead(sql, galera), params);
  const page = rows.slice(0, limit);
  const counts = await sessionCounts(pool, cache, page.map((row) => String(row.sessionId)));
  const sessions = page.map((row) => ({
    sessionId: String(row.sessionId),
    owner: (row.owner as string | null) ?? null,
    createdAt: isoTime(String(row.createdAt)),
    updatedAt: isoTime(String(row.updatedAt)),
    ...counts.get(String(row.sessionId))!,
    metadata: row.metadata === null ? {} : (JSON.parse(String(row.metadata)) as JsonObject),
  }));
  const last = page[page.length - 1];
  return rows.length > limit && last ? { sessions, nextCursor: encodeCursor(String(last.updatedAt), String(last.sessionId)) } : { sessions };
}

/** The statement of one listing page (one row more than `limit`), checked options turned into SQL. */
export function storeListQuery(options: StoreListOptions | undefined, metadataEncrypted = false): { sql: string; params: unknown[]; limit: number } {
  const checked = checkStoreListOptions(options, { kind: 'mysql', keepsMetadata: true, metadataEncrypted });
  const { owner, limit } = checked;
  const filter = metadataConditions(checked.metadata);
  const after = checked.cursor === undefined ? undefined : decodeCursor(checked.cursor, POSITION);
  // Expired sessions are not listed.
  const where = ['(s.expires_at IS NULL OR s.expires_at > UTC_TIMESTAMP(3))', ...filter.where];
  const params = [...filter.params];
  if (owner !== null) {
    where.unshift('s.owner = ?');
    params.unshift(owner);
  }
  if (after) {
    where.push('(s.updated_at < ? OR (s.updated_at = ? AND s.session_id < ?))');
    params.push(after[0], after[0], after[1]);
  }
  // The index is named: with the metadata join, MariaDB's optimizer would otherwise sort the whole table.
  // A metadata filter keeps sessions first (STRAIGHT_JOIN): the index walk stops once the page is full.
  const index = owner === null ? 'agent_sessions_updated_idx' : 'agent_sessions_owner_updated_idx';
  const join = filter.where.length > 0 ? 'STRAIGHT_JOIN' : 'LEFT JOIN';
  // One row more than asked tells whether another page exists.
  const sql = `SELECT s.session_id AS sessionId, s.owner AS owner, CAST(s.created_at AS CHAR) AS createdAt, CAST(s.updated_at AS CHAR) AS updatedAt, md.metadata AS metadata
     FROM \`${SESSIONS_TABLE}\` s FORCE INDEX (${index}) ${join} advanced_session_metadata md ON md.session_id = s.session_id
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY s.updated_at DESC, s.session_id DESC LIMIT ${limit + 1}`;
  return { sql, params, limit };
}
