import { usageError } from '../../cli-error.js';

/** Opaque page cursors: a small JSON value in base64url. */
export function encodePageCursor(value: Record<string, number>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodePageCursor<K extends string>(cursor: string, keys: readonly K[]): Record<K, number> {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (value !== null && typeof value === 'object' && keys.every((k) => Number.isSafeInteger(value[k]) && (value[k] as number) >= 0)) {
      return value as Record<K, number>;
    }
  } catch {
    // reported below
  }
  throw usageError(`bad cursor ${JSON.stringify(cursor)}: pass the nextCursor of a previous page`);
}
