import { SessionError } from '@sessions/core';
import { borrowConnection, type SqliteDatabase } from '@sessions/sqlite';
import type { Statement } from 'better-sqlite3';
import { archiveState } from './archive-statements.js';
import { acrossSegments, segmentsOf } from './lanes.js';
import { storageStep } from './session-archive.js';
import { MAIN_BRANCH, type TokenCounts } from './types.js';

/**
 * Read-only queries for tools that display a store page by page (the
 * `sessions ui` inspector): a range of a branch's turns, and usage sums.
 * Like the archive functions they take an open database, never write and
 * never migrate, so the tools need not know how the tables store branches.
 */

/** One item of a branch, with the turn it belongs to. */
export interface TurnRangeItem {
  turn: number;
  /** The stored JSON text, byte for byte. */
  data: string;
  createdAt: string;
}

export type UsageGroup = 'sessionId' | 'branchId' | 'turn' | 'runId' | 'model';

/** Summed usage of one group; the grouped-by fields are set, the others absent. */
export interface UsageSum extends TokenCounts {
  sessionId?: string;
  branchId?: string;
  turn?: number;
  runId?: string;
  model?: string | null;
  /** Distinct runs in the group. */
  runs: number;
}

export interface UsageSumOptions {
  /** The fields to group by, in this order (none: one row for everything selected). */
  by: readonly UsageGroup[];
  sessionId?: string | undefined;
  branchId?: string | undefined;
  /** Inclusive turn range. */
  fromTurn?: number | undefined;
  toTurn?: number | undefined;
}

const S = 'advanced_message_structure';
const COLUMNS: Record<UsageGroup, string> = { sessionId: 'session_id', branchId: 'branch_id', turn: 'turn', runId: 'run_id', model: 'model' };
const turnRanges = new WeakMap<SqliteDatabase, Statement<[number, number, number, number], TurnRangeItem>>();

function checkTurn(what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new SessionError('INVALID_ARGUMENT', `${what} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

/**
 * The items of turns `fromTurn..toTurn` (inclusive; turn 0 holds the items
 * before the first user message) of one branch, oldest first, as the branch
 * reads them (inherited turns included). Each segment of the branch is one
 * index range read, so the cost follows the range asked for, not the
 * length of the conversation. `main` of a session without items reads as
 * empty; another unknown branch is `NOT_FOUND`.
 */
export function readBranchTurns(db: SqliteDatabase, sessionId: string, branchId: string, range: { fromTurn: number; toTurn: number }): TurnRangeItem[] {
  const fromTurn = checkTurn('fromTurn', range?.fromTurn);
  const toTurn = checkTurn('toTurn', range?.toTurn);
  return storageStep('readBranchTurns', sessionId, () => {
    const { statements } = archiveState(borrowConnection(db));
    let read = turnRanges.get(db);
    if (!read) {
      read = db.prepare(
        `SELECT s.turn AS turn, m.message_data AS data, m.created_at AS createdAt FROM ${S} s JOIN agent_messages m ON m.id = s.message_id
         WHERE s.lane_id = ? AND s.message_id <= ? AND s.turn BETWEEN ? AND ? ORDER BY s.message_id`,
      ) as Statement<[number, number, number, number], TurnRangeItem>;
      turnRanges.set(db, read);
    }
    const statement = read;
    return db.transaction(() => {
      const lane = statements.headLane.get(sessionId, branchId);
      if (lane === undefined) {
        if (branchId === MAIN_BRANCH) return [];
        throw new SessionError('NOT_FOUND', `branch ${JSON.stringify(branchId)} does not exist in session ${JSON.stringify(sessionId)}`, { sessionId });
      }
      return acrossSegments(segmentsOf(statements, lane), (seg) => statement.all(seg.laneId, seg.bound, fromTurn, toTurn));
    })();
  });
}

/**
 * Usage summed per group (e.g. `by: ['turn', 'runId', 'model']` for the runs
 * behind each turn, `['sessionId', 'model']` to price every session), over
 * the whole store or the session, branch and turn range given. Rows come
 * ordered by the grouped fields.
 */
export function sumUsage(db: SqliteDatabase, options: UsageSumOptions): UsageSum[] {
  const by: readonly UsageGroup[] = options?.by;
  if (!Array.isArray(by as unknown) || by.some((key) => !Object.hasOwn(COLUMNS, key))) {
    throw new SessionError('INVALID_ARGUMENT', `by must list fields among ${Object.keys(COLUMNS).join(', ')}`);
  }
  const where: string[] = [];
  const params: unknown[] = [];
  const filter = (column: string, op: string, value: unknown) => {
    where.push(`${column} ${op} ?`);
    params.push(value);
  };
  if (options.sessionId !== undefined) filter('session_id', '=', options.sessionId);
  if (options.branchId !== undefined) filter('branch_id', '=', options.branchId);
  if (options.fromTurn !== undefined) filter('turn', '>=', checkTurn('fromTurn', options.fromTurn));
  if (options.toTurn !== undefined) filter('turn', '<=', checkTurn('toTurn', options.toTurn));
  const groups = by.map((key) => `${COLUMNS[key]} AS ${key}`);
  const sql = `SELECT ${[...groups, ''].join(', ')}COUNT(DISTINCT run_id) AS runs, COALESCE(SUM(requests), 0) AS requests,
      COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(cached_input_tokens), 0) AS cachedInputTokens,
      COALESCE(SUM(output_tokens), 0) AS outputTokens, COALESCE(SUM(reasoning_tokens), 0) AS reasoningTokens,
      COALESCE(SUM(total_tokens), 0) AS totalTokens
    FROM advanced_turn_usage ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ${by.length > 0 ? `GROUP BY ${by.map((key) => COLUMNS[key]).join(', ')} ORDER BY ${by.map((key) => COLUMNS[key]).join(', ')}` : ''}`;
  return storageStep('sumUsage', options.sessionId, () => {
    const rows = db.prepare(sql).all(...params) as UsageSum[];
    // Without groups an empty selection still yields one row of zeros: no usage is no rows.
    return by.length === 0 && rows[0]?.runs === 0 ? [] : rows;
  });
}
