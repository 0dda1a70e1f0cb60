import { chainSegments, type ChainRow, type ItemRow, type Segment } from '@sessions/core';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { causalRead } from '../galera.js';
import { LIVE } from '../statements.js';
import { acrossSegmentsSql, advancedSql, DATA_COLUMNS, limitClause, segmentParams } from './sql.js';

/**
 * `getItems(limit)`'s hot path: one statement, whatever the number of forks
 * above the branch. It reads the newest `limit` items of each segment of the
 * lane the caller believes the branch writes to (one index range read on
 * (lane_id, id) per segment) and, in the same statement (so from the same
 * committed state), the lane the branch writes to now. On a Galera node
 * (`galera`) it first waits for what the cluster had committed. When the branch has
 * moved to another lane meanwhile (a pop of an inherited item, a clear), or
 * the session has expired, the
 * caller reads its chain again.
 */
export async function latestItems(pool: Pool, galera: boolean, sessionId: string, branchId: string, head: number, segments: readonly Segment[], limit: number): Promise<ItemRow[] | undefined> {
  const sql = `${acrossSegmentsSql(segments.length, DATA_COLUMNS, `ORDER BY id DESC ${limitClause(limit)}`)}
    UNION ALL SELECT lane_id, NULL FROM advanced_branches WHERE session_id = ? AND branch_id = ? AND ${LIVE}`;
  const [rows] = await pool.query<RowDataPacket[]>(causalRead(sql, galera), [...segmentParams(segments), sessionId, branchId, sessionId]);
  let current: number | undefined;
  const items: ItemRow[] = [];
  for (const row of rows) {
    if (row.data === null) current = Number(row.id);
    else items.push({ id: Number(row.id), data: String(row.data) });
  }
  if (current !== head) return undefined;
  items.sort((a, b) => b.id - a.id);
  if (items.length > limit) items.length = limit;
  return items.reverse();
}

/** The lane a branch writes to now and its segments, in one statement (on a Galera node, `galera`, after the cluster's writes); `undefined` when the branch has no row. */
export async function branchHead(pool: Pool, galera: boolean, sessionId: string, branchId: string): Promise<{ head: number; segments: Segment[] } | undefined> {
  const [rows] = await pool.query<RowDataPacket[]>(causalRead(advancedSql.branchChain, galera), [sessionId, branchId, sessionId]);
  const chain: ChainRow[] = rows.map((row) => ({
    laneId: Number(row.laneId),
    parentBound: row.parentBound === null ? null : Number(row.parentBound),
    depth: Number(row.depth),
    replayStart: Number(row.replayStart) === 1,
  }));
  const own = chain.find((row) => row.depth === 0);
  return own && { head: own.laneId, segments: chainSegments(chain) };
}
