// TEMPORARY: the plain MySQL store until @sessions/mysql exports openSessionStore (see open-store.ts); delete then.
import { MySQLSession, listSessions, migrate, openPool } from '@sessions/mysql';
import type { DemoStore } from './demo-store.js';
import { serverStore } from './server-store.js';

/** `--store mysql`: @sessions/mysql (MySQL 8 or MariaDB) on one pool shared by every session the demo opens. */
export async function mysqlStore(url: string, options: { migrate: boolean }): Promise<DemoStore> {
  const pool = openPool(url);
  return serverStore({
    kind: 'mysql',
    url,
    migrate: options.migrate ? () => migrate({ pool }) : undefined,
    open: (sessionId) => new MySQLSession(sessionId, { pool }),
    listSessions: () => listSessions({ pool }, { limit: 100 }),
    endPool: () => pool.end(),
  });
}
