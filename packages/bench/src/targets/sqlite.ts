import { SQLiteSession } from '@sessions/sqlite';
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
