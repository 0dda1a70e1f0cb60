import { usageError } from '../../cli-error.js';

/** Opaque page cursors: a small JSON object in base64url. */
export function encodePageCursor(value: Record<string, number | string | undefined>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const badCursor = (cursor: string) => usageError(`bad cursor ${JSON.stringify(cursor)}: pass the nextCursor of a previous page`);

function decodeObject(cursor: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw badCursor(cursor);
}

/** A cursor whose `keys` are all non-negative integers. */
export function decodePageCursor<K extends string>(cursor: string, keys: readonly K[]): Record<K, number> {
  const value = decodeObject(cursor);
  if (keys.every((k) => Number.isSafeInteger(value[k]) && (value[k] as number) >= 0)) return value as Record<K, number>;
  throw badCursor(cursor);
}

/** A cursor with a non-negative integer `skip` and an optional string `list` (a store's own list cursor). */
export function decodeListCursor(cursor: string): { list?: string | undefined; skip: number } {
  const value = decodeObject(cursor);
  const { list, skip } = value;
  if (Number.isSafeInteger(skip) && (skip as number) >= 0 && (list === undefined || typeof list === 'string')) return { list, skip: skip as number };
  throw badCursor(cursor);
}
