import type { PruneBatch, PruneCriteria } from '@sessions/core';
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { mysqlTime } from '../advanced/sql.js';
import { writeTransaction, readSnapshot } from '../advanced/transaction.js';

/** `WHERE` of the sessions a prune takes (after `after`), with its parameters. */
function matching(criteria: PruneCriteria, after: string | undefined): { where: string; params: unknown[] } {
  const either: string[] = [];
  const params: unknown[] = [];
  if (criteria.expired) either.push('s.expires_at <= UTC_TIMESTAMP(3)');
  if (criteria.updatedBefore !== null) {
    either.push('s.updated_at < ?');
    params.push(mysqlTime(criteria.updatedBefore));
  }
  const where = [`(${either.join(' OR ')})`];
  if (criteria.owner !== null) {
    where.push('s.owner = ?');
    params.push(criteria.owner);
  }
  if (after !== undefined) {
    where.push('s.session_id > ?');
    params.push(after);
  }
  return { where: where.join(' AND '), params };
}

const count = async (connection: { query: Pool['query'] }, table: string, ids: string[]) =>
  Number((await connection.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${table}\` WHERE session_id IN (?)`, [ids]))[0][0]!.n);

/**
 * One prune batch in one short transaction: the next `limit` matching
 * sessions in id order, row-locked (skipping any a writer holds right now:
 * a later run finds them), counted and deleted with everything they hold
 * (ON DELETE CASCADE from the session row). `advanced`: the store has
 * branch and usage tables to count.
 */
export async function mysqlPruneBatch(
  pool: Pool,
  galera: boolean,
  advanced: boolean,
  criteria: PruneCriteria,
  batch: { after: string | undefined; limit: number; dryRun: boolean },
): Promise<PruneBatch> {
  const { where, params } = matching(criteria, batch.after);
  const run = batch.dryRun ? readSnapshot : writeTransaction;
  return run(pool, galera, async (connection) => {
    const lock = batch.dryRun ? '' : ' FOR UPDATE SKIP LOCKED';
    const [rows] = await connection.query<RowDataPacket[]>(
      `SELECT s.session_id AS id FROM agent_sessions s WHERE ${where} ORDER BY s.session_id LIMIT ${batch.limit}${lock}`,
      params,
    );
    const ids = rows.map((row) => String(row.id));
    if (ids.length === 0) return { lastSessionId: undefined, examined: 0, sessions: 0, items: 0, branches: 0, usage: 0 };
    const counted = {
      lastSessionId: ids[ids.length - 1],
      examined: ids.length,
      sessions: ids.length,
      items: await count(connection, 'agent_messages', ids),
      branches: advanced ? await count(connection, 'advanced_branches', ids) : 0,
      usage: advanced ? await count(connection, 'advanced_turn_usage', ids) : 0,
    };
    if (!batch.dryRun) await connection.query('DELETE FROM agent_sessions WHERE session_id IN (?)', [ids]);
    return counted;
  });
}

/** Sets a session's expiry (ISO-8601 UTC, or null); whether the session exists. */
export async function setMySQLExpiry(pool: Pool, sessionId: string, expiresAt: string | null): Promise<boolean> {
  const [result] = await pool.query<ResultSetHeader>('UPDATE agent_sessions SET expires_at = ? WHERE session_id = ?', [
    expiresAt === null ? null : mysqlTime(expiresAt),
    sessionId,
  ]);
  return result.affectedRows > 0;
}
