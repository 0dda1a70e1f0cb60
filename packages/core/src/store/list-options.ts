import { SessionError } from '../errors.js';
import { checkOwner } from '../owner.js';
import { checkPageSize } from '../session-listing.js';
import type { StoreListOptions } from './contract.js';

/** A metadata filter: top-level key to the scalar value it must hold. */
export type MetadataFilter = Record<string, string | number | boolean | null>;

/** `StoreListOptions` checked, with the page size resolved; the cursor is still the store's to decode. */
export interface CheckedListOptions {
  owner: string | null;
  /** Absent when no filter, or an empty one, was given. */
  metadata: [key: string, value: string | number | boolean | null][] | undefined;
  limit: number;
  cursor: string | undefined;
}

/** Checks a metadata filter: an object of key to string, finite number, boolean or null. */
export function checkMetadataFilter(filter: unknown, sessionId?: string): MetadataFilter {
  const where = sessionId === undefined ? {} : { sessionId };
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new SessionError('INVALID_ARGUMENT', 'metadata filter must be an object of key to scalar value', where);
  }
  for (const [key, value] of Object.entries(filter)) {
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      throw new SessionError('INVALID_ARGUMENT', `metadata filter ${JSON.stringify(key)} must be a string, number, boolean or null`, where);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new SessionError('INVALID_ARGUMENT', `metadata filter ${JSON.stringify(key)} must be a finite number`, where);
    }
  }
  return filter as MetadataFilter;
}

/**
 * The checks every store's `listSessions` makes before reading: options an
 * object, `owner` a valid owner, `metadata` a scalar filter (refused by a
 * store that keeps no metadata), `limit` 1 to 1000, `cursor` a string.
 */
export function checkStoreListOptions(options: unknown, store: { kind: string; keepsMetadata: boolean }): CheckedListOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new SessionError('INVALID_ARGUMENT', 'listSessions options must be an object');
  }
  const o = options as StoreListOptions;
  let owner: string | null;
  try {
    owner = checkOwner(undefined, o.owner);
  } catch (error) {
    throw new SessionError('INVALID_ARGUMENT', `listSessions ${(error as Error).message}`);
  }
  let metadata: CheckedListOptions['metadata'];
  if (o.metadata !== undefined) {
    const entries = Object.entries(checkMetadataFilter(o.metadata));
    if (entries.length > 0 && !store.keepsMetadata) {
      throw new SessionError('INVALID_ARGUMENT', `a ${store.kind} store keeps no session metadata to filter on (use an advanced store)`);
    }
    if (entries.length > 0) metadata = entries;
  }
  if (o.cursor !== undefined && (typeof o.cursor !== 'string' || o.cursor.length === 0)) {
    throw new SessionError('INVALID_ARGUMENT', 'cursor is not a nextCursor returned by listSessions');
  }
  return { owner, metadata, limit: checkPageSize(o.limit), cursor: o.cursor };
}
