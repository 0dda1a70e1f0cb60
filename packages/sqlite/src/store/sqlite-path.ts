import { SessionError } from '@sessions/core';

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * The file a SQLite store URL names: `./file.db`, `file.db`, `/abs/file.db`,
 * `sqlite:file.db`, `sqlite:///abs/file.db` or `file:file.db`. An in-memory
 * database is refused: a store outlives the call that opens it. `undefined`
 * when the text is a URL of another scheme (`postgres://...`).
 */
export function sqlitePathOf(url: string): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new SessionError('INVALID_ARGUMENT', 'a SQLite store needs a file path (./sessions.db, sqlite:sessions.db)');
  }
  const match = SCHEME.exec(url);
  // A single letter before ':' is a Windows drive (C:\...), not a scheme.
  const scheme = match && match[1]!.length > 1 ? match[1]!.toLowerCase() : undefined;
  let path = url;
  if (scheme === 'sqlite' || scheme === 'file') {
    path = url.slice(scheme.length + 1);
    if (path.startsWith('//')) path = path.slice(2);
  } else if (scheme !== undefined) {
    return undefined;
  }
  if (path === '' || path === ':memory:') {
    throw new SessionError('INVALID_ARGUMENT', `${JSON.stringify(url)} is an in-memory SQLite database, which disappears when it is closed; name a file`);
  }
  return path;
}
