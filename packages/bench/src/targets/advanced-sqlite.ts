import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import Database from 'better-sqlite3';
import type { ResultRow } from '../report.js';
import type { BenchSubject, BenchTarget } from '../subject.js';
import { branchScaleRows } from '../branch-scale.js';
import { sqliteFloorSubject, tempFile } from '../sqlite-floor.js';

/**
 * W1/W2 (and W3/W4 for information) of AdvancedSQLiteSession against the
 * plain better-sqlite3 floor of @sessions/sqlite's target: the same
 * durability settings, hand-written SQL, one transaction per turn. The issue
 * allows 2x for W1 and W2: every item also gets its structure row.
 */
export const target: BenchTarget = {
  name: '@sessions/advanced-sqlite',
  floorName: 'better-sqlite3',
  phases: ['W1', 'W2', 'W3', 'W4'],
  limits: { W1: 2, W2: 2 },
  async packageSubject(): Promise<BenchSubject> {
    const file = tempFile('advanced-sqlite');
    return { session: (id) => new AdvancedSQLiteSession(id, { path: file.path }), close: async () => file.drop() };
  },
  floorSubject: () => sqliteFloorSubject('advanced-sqlite-floor'),
};

/** W5 rows in the harness's table format. */
export async function extraRows(): Promise<ResultRow[]> {
  const file = tempFile('advanced-sqlite-w5');
  return branchScaleRows(
    target.name,
    {
      open: (id) => new AdvancedSQLiteSession(id, { path: file.path }),
      // Checkpoints the setup's WAL, so no timed commit pays for it.
      settle: () => {
        const db = new Database(file.path);
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      },
      drop: () => file.drop(),
    },
    { creations: 101, readRounds: 9, creationLimit: 2, readLimit: 1.5 },
  );
}
