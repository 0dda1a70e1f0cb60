import { AdvancedSQLiteSession, openAdvancedSqliteStore } from '@sessions/advanced-sqlite';
import { storeScaleRows } from '../store-scale.js';
import Database from 'better-sqlite3';
import type { ResultRow } from '../report.js';
import { runBranchScale } from '../branch-scale.js';
import type { BenchSubject, BenchTarget } from '../subject.js';
import { sqliteFloorSubject, tempFile } from '../sqlite-floor.js';

/**
 * W1/W2 (and W3/W4 for information) of AdvancedSQLiteSession against the
 * plain better-sqlite3 floor of @sessions/sqlite's target: the same
 * durability settings, hand-written SQL, one transaction per turn. The limit
 * is 2x for W1 and W2: every item also gets its structure row.
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

/** Checkpoints the setup's WAL, so no timed commit pays for it. */
function checkpoint(path: string): void {
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** W5 (limits: 2x for creation at 10,000 turns, 1.5x for branch reads) and W6 rows in the harness's table format. */
export async function extraRows(): Promise<ResultRow[]> {
  const file = tempFile('advanced-sqlite-w5');
  let w5: ResultRow[];
  try {
    w5 = await runBranchScale(
      target.name,
      { open: (id) => new AdvancedSQLiteSession(id, { path: file.path }), settle: async () => checkpoint(file.path) },
      { creation: 2, reads: 1.5 },
    );
  } finally {
    file.drop();
  }
  return [...w5, ...(await storeScaleRows(target.name, (path) => openAdvancedSqliteStore(path, { create: true })))];
}
