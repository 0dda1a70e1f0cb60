import { deleteBranchesPlan, runAsync, type OldBranches, type PruneCounts } from '@sessions/core';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { MySQLAdvancedDriver } from '../advanced/driver.js';
import { mysqlTime } from '../advanced/sql.js';
import { readSnapshot, retryConflicts, writeTransaction } from '../advanced/transaction.js';

/** When branch `b` was last written: its newest item of its own (on the lane it writes to), else when it was made. */
const LAST_WRITTEN = `GREATEST(b.created_at, COALESCE((SELECT m.created_at FROM agent_messages m WHERE m.id = (
  SELECT MAX(m2.id) FROM agent_messages m2 WHERE m2.lane_id = b.lane_id)), b.created_at))`;

/** The next `limit` sessions (id above `after`) with branches last written before `before`, and those branches. */
export async function findOldBranches(pool: Pool, galera: boolean, before: string, owner: string | null, after: string | undefined, limit: number): Promise<OldBranches[]> {
  const where = [`b.branch_id <> 'main'`, '(s.expires_at IS NULL OR s.expires_at > UTC_TIMESTAMP(3))', `${LAST_WRITTEN} < ?`];
  const params: unknown[] = [mysqlTime(before)];
  if (owner !== null) {
    where.push('s.owner = ?');
    params.push(owner);
  }
  if (after !== undefined) {
    where.push('b.session_id > ?');
    params.push(after);
  }
  const from = `FROM advanced_branches b JOIN agent_sessions s ON s.session_id = b.session_id WHERE ${where.join(' AND ')}`;
  return readSnapshot(pool, galera, async (connection) => {
    const [sessions] = await connection.query<RowDataPacket[]>(`SELECT DISTINCT b.session_id AS id ${from} ORDER BY b.session_id LIMIT ${limit}`, params);
    const ids = sessions.map((row) => String(row.id));
    if (ids.length === 0) return [];
    const [rows] = await connection.query<RowDataPacket[]>(
      `SELECT b.session_id AS sessionId, b.branch_id AS branchId ${from} AND b.session_id IN (?) ORDER BY b.session_id, b.branch_id`,
      [...params, ids],
    );
    return ids.map((sessionId) => ({ sessionId, branchIds: rows.filter((r) => r.sessionId === sessionId).map((r) => String(r.branchId)) }));
  });
}

class DryRun {
  constructor(readonly counts: Omit<PruneCounts, 'sessions'>) {}
}

const COUNTS = `SELECT (SELECT COUNT(*) FROM agent_messages WHERE session_id = ?) AS items, (SELECT COUNT(*) FROM advanced_turn_usage WHERE session_id = ?) AS usage_rows`;

/** Deletes one session's old branches in one transaction (rolled back in a dry run); the rows that went. */
export async function removeOldBranches(pool: Pool, galera: boolean, rememberChains: boolean, old: OldBranches, dryRun: boolean): Promise<Omit<PruneCounts, 'sessions'>> {
  const counts = async (connection: Parameters<Parameters<typeof writeTransaction>[2]>[0]) => {
    const [rows] = await connection.query<RowDataPacket[]>(COUNTS, [old.sessionId, old.sessionId]);
    return { items: Number(rows[0]!.items), usage: Number(rows[0]!.usage_rows) };
  };
  try {
    return await retryConflicts('pruneSessions', () =>
      writeTransaction(pool, galera, async (connection) => {
        const before = await counts(connection);
        const branches = await runAsync(deleteBranchesPlan(old.sessionId, old.branchIds), new MySQLAdvancedDriver(connection, rememberChains, galera));
        const after = await counts(connection);
        const removed = { items: before.items - after.items, branches, usage: before.usage - after.usage };
        if (dryRun) throw new DryRun(removed);
        return removed;
      }),
    );
  } catch (error) {
    if (error instanceof DryRun) return error.counts;
    throw error;
  }
}
