import { SessionError } from '../errors.js';
import { checkOwner } from '../owner.js';
import { checkMetadataFilter, type MetadataFilter } from '../advanced/list-options.js';
import { checkPageSize } from '../session-listing.js';
import type { StoreListOptions } from './contract.js';

/** `StoreListOptions` checked, with the page size resolved; the cursor is still the store's to decode. */
export interface CheckedStoreListOptions {
  owner: string | null;
  /** Absent when no filter, or an empty one, was given. */
  metadata: MetadataFilter | undefined;
  limit: number;
  cursor: string | undefined;
}

/**
 * The checks every store's `listSessions` makes before reading: options an
 * object, `owner` a valid owner, `metadata` a scalar filter (refused by a
 * store that keeps no metadata), `limit` 1 to 1000, `cursor` a string.
 */
export function checkStoreListOptions(
  options: unknown,
  store: { kind: string; keepsMetadata: boolean; /** Opened with encryption keys: metadata is stored encrypted, no filter can match it. */ metadataEncrypted?: boolean | undefined },
): CheckedStoreListOptions {
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
  let metadata: MetadataFilter | undefined;
  if (o.metadata !== undefined) {
    const entries = checkMetadataFilter(undefined, o.metadata);
    if (entries.length > 0 && !store.keepsMetadata) {
      throw new SessionError('INVALID_ARGUMENT', `a ${store.kind} store keeps no session metadata to filter on (use an advanced store)`);
    }
    if (entries.length > 0 && store.metadataEncrypted === true) {
      throw new SessionError('INVALID_ARGUMENT', 'listSessions cannot filter by metadata with encryption at rest on: metadata is stored encrypted');
    }
    if (entries.length > 0) metadata = entries;
  }
  if (o.cursor !== undefined && (typeof o.cursor !== 'string' || o.cursor.length === 0)) {
    throw new SessionError('INVALID_ARGUMENT', 'cursor is not a nextCursor returned by listSessions');
  }
  return { owner, metadata, limit: checkPageSize(o.limit), cursor: o.cursor };
}
