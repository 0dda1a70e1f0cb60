// TEMPORARY: the plain PostgreSQL store until @sessions/postgres exports openSessionStore (see open-store.ts); delete then.
import { PostgresSession, listSessions, migrate } from '@sessions/postgres';
import pg from 'pg';
import type { DemoStore } from './demo-store.js';
import { serverStore } from './server-store.js';

/** `--store postgres`: @sessions/postgres on one pg.Pool shared by every session the demo opens. */
export async function postgresStore(url: string, options: { migrate: boolean }): Promise<DemoStore> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client dropped by the server must not crash the demo; the next call reports it.
  pool.on('error', () => {});
  return serverStore({
    kind: 'postgres',
    url,
    migrate: options.migrate ? () => migrate({ pool }) : undefined,
    open: (sessionId) => new PostgresSession(sessionId, { pool }),
    listSessions: () => listSessions({ pool }, { limit: 100 }),
    endPool: () => pool.end(),
  });
}
