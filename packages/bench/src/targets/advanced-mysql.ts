import { AdvancedMySQLSession, migrate } from '@sessions/mysql';
import { createThrowawayDatabase, mysqlServerUrl, redactUrl, unreachableReason } from '@sessions/test-servers';
import { createPool } from 'mysql2/promise';
import { advancedMySQLScaleRows } from '../advanced-mysql-scale.js';
import { advancedMySQLFloorSubject } from '../mysql-advanced-floor.js';
import type { ResultRow } from '../report.js';
import type { BenchSubject, BenchTarget } from '../subject.js';

/**
 * W1/W2 of AdvancedMySQLSession against a hand-written mysql2 floor with the
 * same tables (mysql-advanced-floor.ts), then W5 (branch creation and reads on
 * a branch at scale) and W6 (the store's first listing page at 1,000 and
 * 100,000 sessions).
 */
export const target: BenchTarget = {
  name: '@sessions/mysql (advanced)',
  floorName: 'mysql2, same tables',
  phases: ['W1', 'W2'],
  limits: { W1: 1.5, W2: 1.5 },
  async available() {
    const reason = await unreachableReason('mysql');
    return reason === undefined || `MySQL/MariaDB at ${redactUrl(mysqlServerUrl)} is unreachable (${reason}); set SESSIONS_MYSQL_URL`;
  },
  async packageSubject(): Promise<BenchSubject> {
    const database = await createThrowawayDatabase('mysql', 'bench_advpkg');
    // The way an app server uses the package: its own mysql2 pool, one session object per conversation.
    const pool = createPool({ uri: database.url });
    await migrate({ pool });
    return {
      session: (id) => new AdvancedMySQLSession(id, { pool }),
      close: async () => {
        await pool.end();
        await database.drop();
      },
    };
  },
  floorSubject: advancedMySQLFloorSubject,
};

export async function extraRows(): Promise<ResultRow[]> {
  return advancedMySQLScaleRows();
}
