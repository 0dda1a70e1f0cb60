import { chainSegments, MAIN_BRANCH, MESSAGES_TABLE, type ChainCache, type ChainRow, type Segment } from '@sessions/core';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { acrossSegmentsSql, segmentParams } from './sql.js';

export interface SessionCounts {
  /** Items on `main` (a session a plain `MySQLSession` wrote: its rows). */
  itemCount: number;
  /** Branches, `main` included (1 for a plain session). */
  branchCount: number;
}

type Row = RowDataPacket & Record<string, unknown>;

/** Chains of many lanes in one statement, by head lane. */
async function chainsOf(pool: Pool, heads: number[]): Promise<Map<number, Segment[]>> {
  const [rows] = await pool.query<Row[]>(
    `WITH RECURSIVE chain (head, lane_id, parent_lane_id, parent_bound, depth) AS (
       SELECT lane_id, lane_id, parent_lane_id, parent_bound, 0 FROM advanced_lanes WHERE lane_id IN (?)
       UNION ALL
       SELECT c.head, l.lane_id, l.parent_lane_id, l.parent_bound, c.depth + 1 FROM advanced_lanes l JOIN chain c ON l.lane_id = c.parent_lane_id
     )
     SELECT head, lane_id AS laneId, parent_bound AS parentBound, depth FROM chain`,
    [heads],
  );
  const byHead = new Map<number, ChainRow[]>();
  for (const row of rows) {
    const head = Number(row.head);
    let chain = byHead.get(head);
    if (!chain) byHead.set(head, (chain = []));
    chain.push({ laneId: Number(row.laneId), parentBound: row.parentBound === null ? null : Number(row.parentBound), depth: Number(row.depth) });
  }
  return new Map([...byHead].map(([head, chain]) => [head, chainSegments(chain)]));
}

/**
 * Item and branch counts of a page of sessions in a few statements whatever
 * the page size: branch rows, the chains of their `main` lanes (from `cache`
 * when given), then one statement of per-segment counts.
 */
export async function sessionCounts(pool: Pool, cache: ChainCache | undefined, sessionIds: readonly string[]): Promise<Map<string, SessionCounts>> {
  const counts = new Map<string, SessionCounts>(sessionIds.map((id) => [id, { itemCount: 0, branchCount: 1 }]));
  if (sessionIds.length === 0) return counts;
  const [branchRows] = await pool.query<Row[]>(
    `SELECT session_id AS sessionId, COUNT(*) AS branches, MAX(CASE WHEN branch_id = ? THEN lane_id END) AS main
     FROM advanced_branches WHERE session_id IN (?) GROUP BY session_id`,
    [MAIN_BRANCH, sessionIds],
  );
  const mains = new Map<string, number>();
  for (const row of branchRows) {
    counts.get(String(row.sessionId))!.branchCount = Math.max(1, Number(row.branches));
    if (row.main !== null) mains.set(String(row.sessionId), Number(row.main));
  }
  const missing = [...new Set(mains.values())].filter((head) => !cache?.has(head));
  const fetched = missing.length > 0 ? await chainsOf(pool, missing) : new Map<number, Segment[]>();
  const reads: string[] = [];
  const params: unknown[] = [];
  for (const [sessionId, head] of mains) {
    const segments = cache?.get(head) ?? fetched.get(head) ?? [];
    if (segments.length === 0) continue;
    reads.push(acrossSegmentsSql(segments.length, 'CAST(? AS CHAR) AS sessionId, COUNT(*) AS n'));
    for (const segment of segments) params.push(sessionId, ...segmentParams([segment]));
  }
  const plain = sessionIds.filter((id) => !mains.has(id));
  if (plain.length > 0) {
    reads.push(`(SELECT session_id AS sessionId, COUNT(*) AS n FROM \`${MESSAGES_TABLE}\` WHERE session_id IN (?) AND lane_id IS NULL GROUP BY session_id)`);
    params.push(plain);
  }
  if (reads.length === 0) return counts;
  const [rows] = await pool.query<Row[]>(reads.join(' UNION ALL '), params);
  for (const row of rows) {
    const entry = counts.get(String(row.sessionId));
    if (entry) entry.itemCount += Number(row.n);
  }
  return counts;
}
