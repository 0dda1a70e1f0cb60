import { redactUrl } from '@sessions/core';
import { usageError } from './cli-error.js';

/** Where a store lives, parsed from what the user typed: enough to pick its adapter. */
export type StoreUrl =
  | { dialect: 'sqlite'; path: string; display: string }
  | { dialect: 'postgres' | 'mysql'; url: string; display: string }
  /** Another scheme, opened by the `--adapter` module. */
  | { dialect: 'adapter'; url: string; adapter: string; display: string };

export type Dialect = StoreUrl['dialect'];

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Accepted forms: a SQLite file (`./file.db`, `file.db`, `/abs/file.db`,
 * `sqlite:file.db`, `sqlite:///abs/file.db`, `file:file.db`; the SQLite
 * adapter reads the path out of them), `postgres://...`, `postgresql://...`,
 * `mysql://...`, `mariadb://...`, and any other scheme when `adapter` names
 * a module that opens it.
 */
export function parseStoreUrl(text: string | undefined, option = '--url', adapter?: string): StoreUrl {
  if (text === undefined || text.trim() === '') {
    throw usageError(`${option} is required (a SQLite file such as ./sessions.db, postgres://... or mysql://...)`);
  }
  const match = SCHEME.exec(text);
  // A single letter before ':' is a Windows drive (C:\...), not a scheme.
  const scheme = match && match[1]!.length > 1 ? match[1]!.toLowerCase() : undefined;
  if (scheme === undefined || scheme === 'sqlite' || scheme === 'file') return { dialect: 'sqlite', path: text, display: text };
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
  if (adapter !== undefined && adapter !== '') return { dialect: 'adapter', url: text, adapter, display: redactUrl(text) };
  throw usageError(
    `bad URL ${JSON.stringify(redactUrl(text))} for ${option}: unsupported scheme "${scheme}:" (use a SQLite file path, postgres://... or mysql://..., or --adapter MODULE for a store of another kind)`,
  );
}
