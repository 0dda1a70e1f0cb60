import { redactUrl } from '@sessions/core';
import { usageError } from './cli-error.js';

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

/** Where a store lives, parsed from what the user typed. */
export type StoreUrl =
  | { dialect: 'sqlite'; path: string; display: string }
  | { dialect: 'postgres' | 'mysql'; url: string; display: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Accepted forms: `./file.db`, `file.db`, `/abs/file.db`, `sqlite:file.db`,
 * `sqlite:///abs/file.db`, `file:file.db`; `postgres://...`, `postgresql://...`;
 * `mysql://...`, `mariadb://...`.
 */
export function parseStoreUrl(text: string | undefined, option = '--url'): StoreUrl {
  if (text === undefined || text.trim() === '') {
    throw usageError(`${option} is required (a SQLite file such as ./sessions.db, postgres://... or mysql://...)`);
  }
  const match = SCHEME.exec(text);
  // A single letter before ':' is a Windows drive (C:\...), not a scheme.
  const scheme = match && match[1]!.length > 1 ? match[1]!.toLowerCase() : undefined;
  if (scheme === undefined) return sqlitePath(text, text);
  if (scheme === 'sqlite' || scheme === 'file') {
    let path = text.slice(scheme.length + 1);
    if (path.startsWith('//')) path = path.slice(2);
    return sqlitePath(path, text);
  }
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme === 'mysql' || scheme === 'mariadb') {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw usageError(`bad URL ${JSON.stringify(text)} for ${option}: it does not parse as ${scheme}://user:password@host:port/database`);
    }
    if (!url.hostname) throw usageError(`bad URL for ${option}: ${redactUrl(url.href)} names no host`);
    if (url.pathname.length <= 1) throw usageError(`bad URL for ${option}: ${redactUrl(url.href)} names no database (add /<database>)`);
    const dialect = scheme.startsWith('postgres') ? 'postgres' : 'mysql';
    if (scheme === 'mariadb') url.protocol = 'mysql:';
    return { dialect, url: url.href, display: redactUrl(url.href) };
  }
  throw usageError(
    `bad URL ${JSON.stringify(text)} for ${option}: unsupported scheme "${scheme}:" (use a SQLite file path, postgres://... or mysql://...)`,
  );
}

function sqlitePath(path: string, original: string): StoreUrl {
  if (path === '' || path === ':memory:') {
    throw usageError(`bad URL ${JSON.stringify(original)}: an in-memory SQLite database disappears when the command ends; name a file`);
  }
  return { dialect: 'sqlite', path, display: path };
}
