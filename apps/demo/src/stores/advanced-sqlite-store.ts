import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import { ensureParentDir } from './data-dir.js';
import type { DemoStore } from './demo-store.js';

/** `--store advanced-sqlite` (the default): @sessions/advanced-sqlite on a file, with branches and usage. */
export function advancedSqliteStore(path: string): DemoStore {
  ensureParentDir(path);
  return {
    kind: 'advanced-sqlite',
    location: path,
    flags: ['--store', 'advanced-sqlite', '--db', path],
    open: (sessionId) => new AdvancedSQLiteSession(sessionId, { path }),
    listSessions: async () => {
      // listSessions lists the whole database; any session object on the file can ask.
      const lister = new AdvancedSQLiteSession('demo-session-lister', { path });
      try {
        return (await lister.listSessions({ limit: 100 })).map((s) => ({
          sessionId: s.sessionId,
          createdAt: s.createdAt,
          updatedAt: s.updatedAt,
          itemCount: s.itemCount,
          branchCount: s.branchCount,
        }));
      } finally {
        await lister.close();
      }
    },
    close: async () => {},
  };
}
