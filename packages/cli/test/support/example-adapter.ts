import type { OpenSessionStore, SessionStore } from '@sessions/core';
import { openSessionStore as openSqliteStore } from '@sessions/sqlite';

/**
 * A third-party adapter as the CLI sees one: a module of its own with its
 * own URL scheme (`example:<file>`), reached only through `openSessionStore`
 * and the `SessionStore` contract. Under the hood it keeps its sessions in a
 * SQLite file.
 */
export const openSessionStore: OpenSessionStore = async (url, options) => {
  const store = await openSqliteStore(url.replace(/^example:/, ''), options);
  return new Proxy(store, {
    get(target, property) {
      if (property === 'kind') return 'example';
      if (property === 'location') return url;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as SessionStore;
};
