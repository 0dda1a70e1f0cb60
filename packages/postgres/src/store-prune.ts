import type { PruneBatch, PruneCriteria } from '@sessions/core';
import type pg from 'pg';
import { inTransaction } from './advanced/transaction.js';

/** `WHERE` of the sessions a prune takes, parameters from `$2` (`$1` is the batch size). */
function matching(criteria: PruneCriteria, after: string | undefined): { where: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value) + 1}`;
  const either: string[] = [];
  if (criteria.expired) either.push(`s.expires_at <= now()`);
  if (criteria.updatedBefore !== null) either.push(`s.updated_at < ${param(criteria.updatedBefore)}::timestamptz`);
  const where = [`(${either.join(' OR ')})`];
  if (criteria.owner !== null) where.push(`s.owner = ${param(criteria.owner)}`);
  if (after !== undefined) where.push(`s.session_id > ${param(after)}`);
  return { where: where.join(' AND '), values };
}

const COUNTS = `SELECT
  (SELECT count(*) FROM agent_messages WHERE session_id = ANY($1::text[]))::int AS items,
  (SELECT count(*) FROM advanced_branches WHERE session_id = ANY($1::text[]))::int AS branches,
  (SELECT count(*) FROM advanced_turn_usage WHERE session_id = ANY($1::text[]))::int AS usage`;

// Everything else of a session goes with its row (ON DELETE CASCADE); branch ids have no foreign key.
const DELETE = `WITH handles AS (DELETE FROM advanced_branch_handles WHERE session_id = ANY($1::text[]))
  DELETE FROM agent_sessions WHERE session_id = ANY($1::text[])`;

/**
 * One prune batch in one short transaction: the next `limit` matching
 * sessions in id order, row-locked (skipping any a writer holds right now:
 * a later run finds them), counted and deleted with everything they hold.
 */
export async function postgresPruneBatch(
  pool: pg.Pool,
  criteria: PruneCriteria,
  batch: { after: string | undefined; limit: number; dryRun: boolean },
): Promise<PruneBatch> {
  const { where, values } = matching(criteria, batch.after);
  return inTransaction(pool, batch.dryRun ? 'read' : 'write', async (client) => {
    const lock = batch.dryRun ? '' : ' FOR UPDATE SKIP LOCKED';
    const { rows } = await client.query<{ session_id: string }>(
      `SELECT s.session_id FROM agent_sessions s WHERE ${where} ORDER BY s.session_id LIMIT $1${lock}`,
      [batch.limit, ...values],
    );
    const ids = rows.map((row) => row.session_id);
    const empty = { lastSessionId: undefined, examined: 0, sessions: 0, items: 0, branches: 0, usage: 0 };
    if (ids.length === 0) return empty;
    const counts = (await client.query<{ items: number; branches: number; usage: number }>(COUNTS, [ids])).rows[0]!;
    if (!batch.dryRun) await client.query(DELETE, [ids]);
    return { lastSessionId: ids[ids.length - 1], examined: ids.length, sessions: ids.length, ...counts };
  });
}

/** Sets a session's expiry (ISO-8601 UTC, or null); whether the session exists. */
export async function setPostgresExpiry(pool: pg.Pool, sessionId: string, expiresAt: string | null): Promise<boolean> {
  const { rowCount } = await pool.query(`UPDATE agent_sessions SET expires_at = $2::timestamptz WHERE session_id = $1`, [sessionId, expiresAt]);
  return (rowCount ?? 0) > 0;
}
