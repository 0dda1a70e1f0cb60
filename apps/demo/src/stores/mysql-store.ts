import { MySQLSession, listSessions, migrate, openPool } from '@sessions/mysql';
import type { DemoStore } from './demo-store.js';
import { displayUrl } from './server-url.js';

/** `--store mysql`: @sessions/mysql (MySQL 8 or MariaDB) on one pool shared by every session the demo opens. */
export async function mysqlStore(url: string, options: { migrate: boolean }): Promise<DemoStore> {
  const pool = openPool(url);
  try {
    if (options.migrate) await migrate({ pool });
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    kind: 'mysql',
    location: displayUrl(url),
    flags: ['--store', 'mysql', '--url', url],
    open: (sessionId) => new MySQLSession(sessionId, { pool }),
    listSessions: async () =>
      (await listSessions({ pool }, { limit: 100 })).sessions.map((s) => ({
        sessionId: s.sessionId,
        createdAt: s.createdAt.toISOString(),
        updatedAt: s.updatedAt.toISOString(),
        itemCount: s.itemCount,
      })),
    close: () => pool.end(),
  };
}
