import { deleteBranchesPlan, runSync, type OldBranches, type PruneCounts } from '@sessions/core';
import { liveSql, type SqliteDatabase } from '@sessions/sqlite';
import type { SqliteAdvancedDriver } from '../sqlite-driver.js';

/** When branch `b` was last written: its newest item of its own (on the lane it writes to), else when it was made. */
const LAST_WRITTEN = `MAX(b.created_at, COALESCE((SELECT m.created_at FROM agent_messages m WHERE m.id = (SELECT MAX(st.message_id) FROM advanced_message_structure st WHERE st.lane_id = b.lane_id)), ''))`;

function oldBranchWhere(owner: string | null, after: string | undefined): { where: string; params: unknown[] } {
  const where = [`b.branch_id <> 'main'`, liveSql('s'), `${LAST_WRITTEN} < ?`];
  const params: unknown[] = [];
  if (owner !== null) {
    where.push('s.owner = ?');
    params.push(owner);
  }
  if (after !== undefined) {
    where.push('b.session_id > ?');
    params.push(after);
  }
  return { where: where.join(' AND '), params };
}

/** The next `limit` sessions (id above `after`) with branches last written before `before`, and those branches. */
export function findOldBranches(db: SqliteDatabase, before: string, owner: string | null, after: string | undefined, limit: number): OldBranches[] {
  const { where, params } = oldBranchWhere(owner, after);
  const from = `FROM advanced_branches b JOIN agent_sessions s ON s.session_id = b.session_id WHERE ${where}`;
  return db.transaction(() => {
    const sessions = db.prepare(`SELECT DISTINCT b.session_id ${from} ORDER BY b.session_id LIMIT ?`).pluck().all(before, ...params, limit) as string[];
    if (sessions.length === 0) return [];
    const rows = db
      .prepare(`SELECT b.session_id AS sessionId, b.branch_id AS branchId ${from} AND b.session_id IN (SELECT value FROM json_each(?)) ORDER BY b.session_id, b.branch_id`)
      .all(before, ...params, JSON.stringify(sessions)) as { sessionId: string; branchId: string }[];
    return sessions.map((sessionId) => ({ sessionId, branchIds: rows.filter((r) => r.sessionId === sessionId).map((r) => r.branchId) }));
  })();
}

class DryRun {
  constructor(readonly counts: Omit<PruneCounts, 'sessions'>) {}
}

/** Deletes one session's old branches in one IMMEDIATE transaction (rolled back in a dry run); the rows that went. */
export function removeOldBranches(db: SqliteDatabase, driver: SqliteAdvancedDriver, old: OldBranches, dryRun: boolean): Omit<PruneCounts, 'sessions'> {
  const rows = db.prepare(
    `SELECT (SELECT COUNT(*) FROM agent_messages WHERE session_id = ?) AS items, (SELECT COUNT(*) FROM advanced_turn_usage WHERE session_id = ?) AS usage`,
  );
  try {
    return db
      .transaction(() => {
        const before = rows.get(old.sessionId, old.sessionId) as { items: number; usage: number };
        const branches = runSync(deleteBranchesPlan(old.sessionId, old.branchIds), driver);
        const after = rows.get(old.sessionId, old.sessionId) as { items: number; usage: number };
        const counts = { items: before.items - after.items, branches, usage: before.usage - after.usage };
        if (dryRun) throw new DryRun(counts);
        return counts;
      })
      .immediate();
  } catch (error) {
    if (error instanceof DryRun) return error.counts;
    throw error;
  }
}
