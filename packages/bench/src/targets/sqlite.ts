import { openSessionStore, SQLiteSession } from '@sessions/sqlite';
import type { ResultRow } from '../report.js';
import { storeScaleRows } from '../store-scale.js';
import { sqliteFloorSubject, tempFile } from '../sqlite-floor.js';
import type { BenchSubject, BenchTarget } from '../subject.js';

export const target: BenchTarget = {
  name: '@sessions/sqlite',
  floorName: 'better-sqlite3',
  phases: ['W1', 'W2', 'W3', 'W4'],
  limits: { W1: 1.5, W2: 1.5 },
  async packageSubject(): Promise<BenchSubject> {
    const file = tempFile('sqlite');
    return { session: (id) => new SQLiteSession(id, { path: file.path }), close: async () => file.drop() };
  },
  floorSubject: () => sqliteFloorSubject('sqlite-floor'),
};

/** W6 through the store contract: listing at 100,000 sessions against 1,000. */
export function extraRows(): Promise<ResultRow[]> {
  return storeScaleRows(target.name, (path) => openSessionStore(path, { create: true }));
}
