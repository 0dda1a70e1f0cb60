import { SessionError } from './errors.js';

/** One stored session, as store-level `listSessions` functions return it. */
export interface SessionSummary {
  sessionId: string;
  createdAt: Date;
  /** When the last batch was added. */
  updatedAt: Date;
  itemCount: number;
}

export interface ListSessionsOptions {
  /** Page size, 1 to 1000; 50 by default. */
  limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

export interface SessionPage {
  sessions: SessionSummary[];
  /** Present when more sessions follow; pass it as `cursor` for the next page. */
  nextCursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export function checkPageSize(limit: unknown): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new SessionError('INVALID_ARGUMENT', `listSessions limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${String(limit)}`);
  }
  return limit;
}

/**
 * A keyset cursor: the last row's `updated_at` exactly as the store compares
 * it (text, so no precision is lost) and the session id that breaks ties.
 */
export function encodeCursor(position: string, sessionId: string): string {
  return Buffer.from(JSON.stringify([position, sessionId]), 'utf8').toString('base64url');
}

/** Reads a cursor back; `positionPattern` is the store's own text form of a timestamp. */
export function decodeCursor(cursor: unknown, positionPattern: RegExp): [position: string, sessionId: string] {
  const invalid = () => new SessionError('INVALID_ARGUMENT', 'cursor is not a nextCursor returned by listSessions');
  if (typeof cursor !== 'string' || cursor.length === 0) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') throw invalid();
  if (!positionPattern.test(value[0])) throw invalid();
  return [value[0], value[1]];
}
