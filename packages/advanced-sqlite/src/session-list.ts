import {
  chainSegments,
  checkMetadataFilter,
  MAIN_BRANCH,
  SessionError,
  type AdvancedListSessionsOptions as ListSessionsOptions,
  type AdvancedSessionSummary as SessionSummary,
  type JsonObject,
} from '@sessions/core';
import type { SqliteDatabase } from '@sessions/sqlite';
import type { SqliteAdvancedDriver } from './sqlite-driver.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

interface Row {
  sessionId: string;
  createdAt: string;
  updatedAt: string;
  metadata: string | null;
}

function instant(sessionId: string, what: string, value: Date | string): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new SessionError('INVALID_ARGUMENT', `${what} must be a Date or an ISO-8601 string`, { sessionId });
  return date.toISOString();
}

export function encodeCursor(row: { createdAt: string; sessionId: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.sessionId])).toString('base64url');
}

function decodeCursor(sessionId: string, cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // reported below
  }
  throw new SessionError('INVALID_ARGUMENT', 'cursor is not one returned by listSessions', { sessionId });
}

/** The JSON type `json_each` reports for a scalar filter value. */
function jsonTypes(value: unknown): string[] {
  if (value === null) return ['null'];
  if (value === true) return ['true'];
  if (value === false) return ['false'];
  if (typeof value === 'number') return ['integer', 'real'];
  return ['text'];
}

/** Newest sessions first (created_at, then session id, descending), keyset-paged. */
export function listSessions(db: SqliteDatabase, driver: SqliteAdvancedDriver, sessionId: string, options: ListSessionsOptions): SessionSummary[] {
  if (options === null || typeof options !== 'object') throw new SessionError('INVALID_ARGUMENT', 'listSessions options must be an object', { sessionId });
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new SessionError('INVALID_ARGUMENT', `limit must be an integer from 1 to ${MAX_LIMIT}, got ${String(limit)}`, { sessionId });
  }
  // Expired sessions are not listed.
  const where: string[] = [`(s.expires_at IS NULL OR s.expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`];
  const params: unknown[] = [];
  if (options.createdAfter !== undefined) {
    where.push('s.created_at >= ?');
    params.push(instant(sessionId, 'createdAfter', options.createdAfter));
  }
  if (options.createdBefore !== undefined) {
    where.push('s.created_at < ?');
    params.push(instant(sessionId, 'createdBefore', options.createdBefore));
  }
  if (options.cursor !== undefined) {
    where.push('(s.created_at, s.session_id) < (?, ?)');
    params.push(...decodeCursor(sessionId, options.cursor));
  }
  if (options.metadata !== undefined) {
    const filter = metadataFilterSql(checkMetadataFilter(sessionId, options.metadata));
    where.push(...filter.where);
    params.push(...filter.params);
  }
  const sql = `SELECT s.session_id AS sessionId, s.created_at AS createdAt, s.updated_at AS updatedAt, md.metadata AS metadata
    FROM agent_sessions s LEFT JOIN advanced_session_metadata md ON md.session_id = s.session_id
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY s.created_at DESC, s.session_id DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...params, limit) as Row[];
  return rows.map((row) => ({
    sessionId: row.sessionId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...sessionCounts(driver, row.sessionId),
    metadata: row.metadata === null ? {} : (JSON.parse(row.metadata) as JsonObject),
    cursor: encodeCursor(row),
  }));
}

/** Items on `main` (a session written by `@sessions/sqlite` has its plain rows there) and branches, `main` included. */
export function sessionCounts(driver: SqliteAdvancedDriver, sessionId: string): { itemCount: number; branchCount: number } {
  const main = driver.branch(sessionId, MAIN_BRANCH);
  const itemCount = main ? driver.countMessages(sessionId, chainSegments(driver.chain(sessionId, main.laneId))) : driver.countSessionRows(sessionId);
  return { itemCount, branchCount: Math.max(1, driver.countBranches(sessionId)) };
}

/** Conditions on `md.metadata` (alias of `advanced_session_metadata`): every key holds exactly its value. */
export function metadataFilterSql(filter: [string, string | number | boolean | null][]): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of filter) {
    const types = jsonTypes(value);
    const atom = typeof value === 'string' || typeof value === 'number';
    where.push(`EXISTS (SELECT 1 FROM json_each(md.metadata) j WHERE j.key = ? AND j.type IN (${types.map(() => '?').join(', ')})${atom ? ' AND j.atom = ?' : ''})`);
    params.push(key, ...types);
    if (atom) params.push(value);
  }
  return { where, params };
}
