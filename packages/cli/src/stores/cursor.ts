import { usageError } from '../cli-error.js';

/** Keyset cursor for `list`: the last row's (updatedAt, sessionId), opaque to users. */
export function encodeCursor(updatedAt: string, sessionId: string): string {
  return Buffer.from(JSON.stringify([updatedAt, sessionId])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // reported below
  }
  throw usageError(`bad --cursor ${JSON.stringify(cursor)}: pass the nextCursor a previous list printed`);
}
