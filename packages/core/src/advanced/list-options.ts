import { SessionError } from '../errors.js';
import type { ListSessionsOptions } from './types.js';

/** A metadata filter: top-level keys and the scalar each must hold. */
export type MetadataFilter = [key: string, value: string | number | boolean | null][];

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** What an advanced session's `listSessions(options)` asks for, checked. Instants are ISO-8601 UTC. */
export interface CheckedListOptions {
  limit: number;
  createdAfter?: string | undefined;
  createdBefore?: string | undefined;
  /** The position (as the store encoded it) and session id of the last session of the previous page. */
  cursor?: [position: string, sessionId: string] | undefined;
  metadata?: MetadataFilter | undefined;
}

function instant(sessionId: string | undefined, what: string, value: Date | string): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new SessionError('INVALID_ARGUMENT', `${what} must be a Date or an ISO-8601 string`, { sessionId });
  return date.toISOString();
}

/** Checks a `{ key: scalar }` metadata filter; its entries. */
export function checkMetadataFilter(sessionId: string | undefined, metadata: unknown): MetadataFilter {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new SessionError('INVALID_ARGUMENT', 'metadata filter must be an object of key to scalar value', { sessionId });
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      throw new SessionError('INVALID_ARGUMENT', `metadata filter ${JSON.stringify(key)} must be a string, number, boolean or null`, { sessionId });
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new SessionError('INVALID_ARGUMENT', `metadata filter ${JSON.stringify(key)} must be a finite number`, { sessionId });
    }
  }
  return Object.entries(metadata) as MetadataFilter;
}

/** A per-row cursor of an advanced `listSessions`: the row's position and session id. */
export function encodeListCursor(position: string, sessionId: string): string {
  return Buffer.from(JSON.stringify([position, sessionId])).toString('base64url');
}

function decodeListCursor(sessionId: string | undefined, cursor: unknown): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // reported below
  }
  throw new SessionError('INVALID_ARGUMENT', 'cursor is not one returned by listSessions', { sessionId });
}

/** Checks the options of an advanced session's `listSessions` (newest `createdAt` first, keyset-paged). */
export function checkListOptions(sessionId: string | undefined, options: ListSessionsOptions | undefined): CheckedListOptions {
  if (options === undefined) return { limit: DEFAULT_LIMIT };
  if (options === null || typeof options !== 'object') throw new SessionError('INVALID_ARGUMENT', 'listSessions options must be an object', { sessionId });
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new SessionError('INVALID_ARGUMENT', `limit must be an integer from 1 to ${MAX_LIMIT}, got ${String(limit)}`, { sessionId });
  }
  return {
    limit,
    createdAfter: options.createdAfter === undefined ? undefined : instant(sessionId, 'createdAfter', options.createdAfter),
    createdBefore: options.createdBefore === undefined ? undefined : instant(sessionId, 'createdBefore', options.createdBefore),
    cursor: options.cursor === undefined ? undefined : decodeListCursor(sessionId, options.cursor),
    metadata: options.metadata === undefined ? undefined : checkMetadataFilter(sessionId, options.metadata),
  };
}
