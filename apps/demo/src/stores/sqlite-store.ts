import { MESSAGES_TABLE, SESSIONS_TABLE, messageColumns as m, sessionColumns as s } from '@sessions/core';
import { SQLiteSession, acquireConnection, sessionStatements } from '@sessions/sqlite';
import { ensureParentDir } from './data-dir.js';
import type { DemoStore, SessionSummary } from './demo-store.js';

const LIST_SESSIONS = `
  SELECT s."${s.sessionId}" AS sessionId, s."${s.createdAt}" AS createdAt, s."${s.updatedAt}" AS updatedAt,
         (SELECT count(*) FROM "${MESSAGES_TABLE}" m WHERE m."${m.sessionId}" = s."${s.sessionId}") AS itemCount
  FROM "${SESSIONS_TABLE}" s ORDER BY s."${s.updatedAt}" DESC, s."${s.sessionId}" LIMIT 100`;

/** `--store sqlite`: @sessions/sqlite on a file. */
export function sqliteStore(path: string): DemoStore {
  ensureParentDir(path);
  return {
    kind: 'sqlite',
    location: path,
    flags: ['--store', 'sqlite', '--db', path],
    open: (sessionId) => new SQLiteSession(sessionId, { path }),
    // SQLiteSession has no listing API; the demo reads the session table itself.
    listSessions: async () => {
      const connection = acquireConnection(path);
      try {
        sessionStatements(connection);
        return connection.db.prepare(LIST_SESSIONS).all() as SessionSummary[];
      } finally {
        connection.release();
      }
    },
    close: async () => {},
  };
}
