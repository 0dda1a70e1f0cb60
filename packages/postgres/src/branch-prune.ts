import { deleteBranchesPlan, runAsync, type OldBranches, type PruneCounts } from '@sessions/core';
import type pg from 'pg';
import { PostgresAdvancedDriver } from './advanced/driver.js';
import { inTransaction } from './advanced/transaction.js';

/**
 * When branch `b` was last written: its newest item of its own (on the lane
 * it writes to), else when it was made (greatest() skips the NULL of a lane without items).
 */
const LAST_WRITTEN = `greatest(b.created_at, (
  SELECT m.created_at FROM agent_messages m WHERE m.session_id = b.session_id AND m.id = (
    SELECT max(st.message_id) FROM advanced_message_structure st WHERE st.session_id = b.session_id AND st.lane_id = b.lane_id)))`;

/** The next `limit` sessions (id above `after`) with branches last written before `before`, and those branches. */
export async function findOldBranches(pool: pg.Pool, before: string, owner: string | null, after: string | undefined, limit: number): Promise<OldBranches[]> {
  const values: unknown[] = [before, limit];
  const where = [`b.branch_id <> 'main'`, `(s.expires_at IS NULL OR s.expires_at > now())`, `${LAST_WRITTEN} < $1::timestamptz`];
  if (owner !== null) where.push(`s.owner = $${values.push(owner)}`);
  if (after !== undefined) where.push(`b.session_id > $${values.push(after)}`);
  const { rows } = await pool.query<{ sessionId: string; branchIds: string[] }>(
    `WITH old AS (
       SELECT b.session_id, b.branch_id FROM advanced_branches b
       JOIN agent_sessions s ON s.session_id = b.session_id
       WHERE ${where.join(' AND ')}
     ),
     sessions AS (SELECT DISTINCT session_id FROM old ORDER BY session_id LIMIT $2)
     SELECT o.session_id AS "sessionId", array_agg(o.branch_id ORDER BY o.branch_id) AS "branchIds"
     FROM old o JOIN sessions USING (session_id) GROUP BY o.session_id ORDER BY o.session_id`,
    values,
  );
  return rows;
}

class DryRun {
  constructor(readonly counts: Omit<PruneCounts, 'sessions'>) {}
}

const COUNTS = `SELECT (SELECT count(*) FROM agent_messages WHERE session_id = $1)::int AS items,
  (SELECT count(*) FROM advanced_turn_usage WHERE session_id = $1)::int AS usage`;

/** Deletes one session's old branches in one transaction (rolled back in a dry run); the rows that went. */
export async function removeOldBranches(pool: pg.Pool, old: OldBranches, dryRun: boolean): Promise<Omit<PruneCounts, 'sessions'>> {
  try {
    return await inTransaction(pool, 'write', async (client) => {
      const before = (await client.query<{ items: number; usage: number }>(COUNTS, [old.sessionId])).rows[0]!;
      const branches = await runAsync(deleteBranchesPlan(old.sessionId, old.branchIds), new PostgresAdvancedDriver(client));
      const after = (await client.query<{ items: number; usage: number }>(COUNTS, [old.sessionId])).rows[0]!;
      const counts = { items: before.items - after.items, branches, usage: before.usage - after.usage };
      if (dryRun) throw new DryRun(counts);
      return counts;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.counts;
    throw error;
  }
}
