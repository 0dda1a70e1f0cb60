import type { SqliteDatabase } from '@sessions/sqlite';
import type { BranchRecord, StoredItem, UsageRecord } from './records.js';

/**
 * Reads @sessions/advanced-sqlite's tables directly (its schema.ts), for what
 * its API does not give: each item's stored text and timestamp along a
 * branch, and the usage rows as stored. A branch's history is its lane plus
 * each ancestor lane cut at the bound it inherits (see that package's lanes.ts).
 */
export const ADVANCED_MARKER_TABLE = 'advanced_branches';

interface BranchRow {
  branchId: string;
  laneId: number;
  parentBranchId: string | null;
  fromTurn: number | null;
  createdAt: string;
}

export class AdvancedTables {
  constructor(readonly db: SqliteDatabase) {}

  branches(sessionId: string): BranchRow[] {
    return this.db
      .prepare(
        `SELECT branch_id AS branchId, lane_id AS laneId, parent_branch_id AS parentBranchId, from_turn AS fromTurn, created_at AS createdAt
           FROM advanced_branches WHERE session_id = ? ORDER BY created_at, rowid`,
      )
      .all(sessionId) as BranchRow[];
  }

  /** The rows a branch reads, oldest first, with their message ids. */
  branchRows(laneId: number): (StoredItem & { id: number })[] {
    const chain = this.db
      .prepare(
        `WITH RECURSIVE chain(lane_id, parent_lane_id, parent_bound, depth) AS (
           SELECT lane_id, parent_lane_id, parent_bound, 0 FROM advanced_lanes WHERE lane_id = ?
           UNION ALL
           SELECT l.lane_id, l.parent_lane_id, l.parent_bound, c.depth + 1 FROM advanced_lanes l JOIN chain c ON l.lane_id = c.parent_lane_id)
         SELECT lane_id AS laneId, parent_bound AS parentBound FROM chain ORDER BY depth`,
      )
      .all(laneId) as { laneId: number; parentBound: number | null }[];
    const segments: { laneId: number; bound: number }[] = [];
    let bound = Number.MAX_SAFE_INTEGER;
    for (const link of chain) {
      segments.push({ laneId: link.laneId, bound });
      if (link.parentBound !== null) bound = Math.min(bound, link.parentBound);
    }
    const read = this.db.prepare(
      `SELECT m.id AS id, m.message_data AS data, m.created_at AS createdAt
         FROM advanced_message_structure st JOIN agent_messages m ON m.id = st.message_id
        WHERE st.lane_id = ? AND st.message_id <= ? ORDER BY st.message_id`,
    );
    const rows: (StoredItem & { id: number })[] = [];
    for (let i = segments.length - 1; i >= 0; i--) rows.push(...(read.all(segments[i]!.laneId, segments[i]!.bound) as (StoredItem & { id: number })[]));
    return rows;
  }

  /** Main's items and every other branch with its whole history. */
  history(sessionId: string): { items: StoredItem[]; branches: BranchRecord[] } {
    let items: StoredItem[] = [];
    const branches: BranchRecord[] = [];
    for (const row of this.branches(sessionId)) {
      const rows = this.branchRows(row.laneId).map(({ data, createdAt }) => ({ data, createdAt }));
      if (row.branchId === 'main') items = rows;
      else branches.push({ branchId: row.branchId, parentBranchId: row.parentBranchId, fromTurn: row.fromTurn, createdAt: row.createdAt, items: rows });
    }
    return { items, branches };
  }

  usage(sessionId: string): UsageRecord[] {
    const rows = this.db.prepare(`SELECT * FROM advanced_turn_usage WHERE session_id = ? ORDER BY id`).all(sessionId) as Record<string, unknown>[];
    return rows.map(({ id: _id, session_id: _session, ...rest }) => rest);
  }

  insertUsage(sessionId: string, usage: UsageRecord[]): void {
    for (const row of usage) {
      const columns = Object.keys(row).filter((key) => /^[a-z_]+$/.test(key));
      this.db
        .prepare(`INSERT INTO advanced_turn_usage (session_id, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`)
        .run(sessionId, ...columns.map((key) => row[key] as string | number | null));
    }
  }

  metadata(sessionId: string): Record<string, unknown> | null {
    const row = this.db.prepare(`SELECT metadata FROM advanced_session_metadata WHERE session_id = ?`).get(sessionId) as { metadata: string } | undefined;
    return row ? (JSON.parse(row.metadata) as Record<string, unknown>) : null;
  }

  /** Puts back what the API stamps with "now": the branch's creation time and origin, and each item's timestamp. */
  restoreBranch(sessionId: string, branch: { branchId: string; parentBranchId: string | null; fromTurn: number | null; createdAt: string }, items: StoredItem[]): void {
    const row = this.branches(sessionId).find((b) => b.branchId === branch.branchId);
    if (!row) return;
    if (branch.branchId !== 'main') this.db
      .prepare(`UPDATE advanced_branches SET parent_branch_id = ?, from_turn = ?, created_at = ? WHERE session_id = ? AND branch_id = ?`)
      .run(branch.parentBranchId, branch.fromTurn, branch.createdAt, sessionId, branch.branchId);
    const stamp = this.db.prepare(`UPDATE agent_messages SET created_at = ? WHERE id = ?`);
    this.branchRows(row.laneId).forEach((stored, i) => {
      const createdAt = items[i]?.createdAt;
      if (createdAt && createdAt !== stored.createdAt) stamp.run(createdAt, stored.id);
    });
  }
}
