import { SessionError } from '../errors.js';
import type { ListSessionsOptions } from './types.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export type MetadataFilterValue = string | number | boolean | null;

/** `ListSessionsOptions` checked, with instants as ISO-8601 UTC text. */
export interface CheckedListOptions {
  limit: number;
  createdAfter?: string | undefined;
  createdBefore?: string | undefined;
  /** The position after which the page starts: [created_at ISO, session id]. */
  after?: [string, string] | undefined;
  metadata: [key: string, value: MetadataFilterValue][];
}

function instant(sessionId: string, what: string, value: Date | string): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new SessionError('INVALID_ARGUMENT', `${what} must be a Date or an ISO-8601 string`, { sessionId });
  return date.toISOString();
}

/** The cursor of a listed session (created_at ISO text and id), as an advanced session's `listSessions` returns it. */
export function encodeListCursor(row: { createdAt: string; sessionId: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.sessionId])).toString('base64url');
}

function decodeListCursor(sessionId: string, cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // reported below
  }
  throw new SessionError('INVALID_ARGUMENT', 'cursor is not one returned by listSessions', { sessionId });
}

/**
 * Checks an advanced session's `listSessions` options (errors name
 * `sessionId`): newest `created_at` first, filtered by creation time and by
 * top-level metadata values, keyset-paged.
 */
export function checkListOptions(sessionId: string, options: ListSessionsOptions): CheckedListOptions {
  if (options === null || typeof options !== 'object') throw new SessionError('INVALID_ARGUMENT', 'listSessions options must be an object', { sessionId });
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new SessionError('INVALID_ARGUMENT', `limit must be an integer from 1 to ${MAX_LIMIT}, got ${String(limit)}`, { sessionId });
  }
  const checked: CheckedListOptions = { limit, metadata: checkMetadataFilter(sessionId, options.metadata) };
  if (options.createdAfter !== undefined) checked.createdAfter = instant(sessionId, 'createdAfter', options.createdAfter);
  if (options.createdBefore !== undefined) checked.createdBefore = instant(sessionId, 'createdBefore', options.createdBefore);
  if (options.cursor !== undefined) checked.after = decodeListCursor(sessionId, options.cursor);
  return checked;
}

/** Checks a metadata filter: an object of top-level keys to scalar values (every one must match). */
export function checkMetadataFilter(sessionId: string | undefined, metadata: unknown): [string, MetadataFilterValue][] {
  if (metadata === undefined) return [];
  const context = sessionId === undefined ? {} : { sessionId };
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new SessionError('INVALID_ARGUMENT', 'metadata filter must be an object of key to scalar value', context);
  }
  const entries = Object.entries(metadata as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      throw new SessionError('INVALID_ARGUMENT', `metadata filter ${JSON.stringify(key)} must be a string, number, boolean or null`, context);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new SessionError('INVALID_ARGUMENT', `metadata filter ${JSON.stringify(key)} must be a finite number`, context);
    }
  }
  return entries as [string, MetadataFilterValue][];
}
