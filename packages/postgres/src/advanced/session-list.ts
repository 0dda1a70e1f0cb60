import {
  checkListOptions,
  encodeListCursor,
  SessionError,
  type AdvancedListSessionsOptions,
  type AdvancedSessionSummary,
  type JsonObject,
} from '@sessions/core';
import type pg from 'pg';
import { numericTypes, POSITION_PATTERN } from './sql.js';
import { metadataConditions, summaryQuery, type SummaryRow } from './summaries.js';

/** An advanced session's `listSessions`: newest `createdAt` first (ties by id), filtered, a cursor on every row. */
export async function listSessions(pool: pg.Pool, sessionId: string, options: AdvancedListSessionsOptions): Promise<AdvancedSessionSummary[]> {
  const checked = checkListOptions(sessionId, options);
  if (checked.cursor !== undefined && !POSITION_PATTERN.test(checked.cursor[0])) {
    throw new SessionError('INVALID_ARGUMENT', 'cursor is not one returned by listSessions', { sessionId });
  }
  const where: string[] = [];
  const values: unknown[] = [checked.limit];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (checked.createdAfter !== undefined) where.push(`s.created_at >= ${param(checked.createdAfter)}::timestamptz`);
  if (checked.createdBefore !== undefined) where.push(`s.created_at < ${param(checked.createdBefore)}::timestamptz`);
  if (checked.cursor !== undefined) where.push(`(s.created_at, s.session_id) < (${param(checked.cursor[0])}::timestamptz, ${param(checked.cursor[1])}::text)`);
  if (checked.metadata !== undefined) {
    const filter = metadataConditions(checked.metadata, values.length + 1);
    where.push(...filter.where);
    values.push(...filter.values);
  }
  const text = summaryQuery({ order: 'created_at', where });
  const { rows } = await pool.query<SummaryRow>({ text, values, types: numericTypes });
  return rows.map((row) => ({
    sessionId: row.sessionId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    itemCount: row.itemCount,
    branchCount: row.branchCount,
    metadata: row.metadata === null ? {} : (JSON.parse(row.metadata) as JsonObject),
    cursor: encodeListCursor(row.position, row.sessionId),
  }));
}
