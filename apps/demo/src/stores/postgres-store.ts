import { PostgresSession, listSessions, migrate } from '@sessions/postgres';
import pg from 'pg';
import type { DemoStore } from './demo-store.js';
import { displayUrl } from './server-url.js';

/** `--store postgres`: @sessions/postgres on one pg.Pool shared by every session the demo opens. */
export async function postgresStore(url: string, options: { migrate: boolean }): Promise<DemoStore> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client dropped by the server must not crash the demo; the next call reports it.
  pool.on('error', () => {});
  try {
    if (options.migrate) await migrate({ pool });
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    kind: 'postgres',
    location: displayUrl(url),
    flags: ['--store', 'postgres', '--url', url],
    open: (sessionId) => new PostgresSession(sessionId, { pool }),
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
