import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import { isSessionError } from '@sessions/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useDatabaseFile, user } from './support/fixtures.js';

const db = useDatabaseFile('sessions-advanced-options-');

function thrown(make: () => unknown): unknown {
  try {
    make();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('constructor options', () => {
  it('rejects path together with database, a non-string path and malformed prices', () => {
    const database = new Database(':memory:');
    try {
      expect(isSessionError(thrown(() => new AdvancedSQLiteSession('s', { path: db.path(), database })), 'INVALID_ARGUMENT')).toBe(true);
      expect(isSessionError(thrown(() => new AdvancedSQLiteSession('s', { path: 42 as never })), 'INVALID_ARGUMENT')).toBe(true);
      for (const prices of [{ m: { input: -1, output: 1 } }, { m: { input: 1 } }, { m: null }, []]) {
        const error = thrown(() => new AdvancedSQLiteSession('s', { prices: prices as never }));
        expect(isSessionError(error, 'INVALID_ARGUMENT'), JSON.stringify(prices)).toBe(true);
      }
      expect(isSessionError(thrown(() => new AdvancedSQLiteSession('')), 'INVALID_ARGUMENT')).toBe(true);
    } finally {
      database.close();
    }
  });

  it('a database passed in is used as is and left open by close()', async () => {
    const database = new Database(db.path());
    try {
      const session = new AdvancedSQLiteSession('s', { database });
      await session.addItems([user('hello')]);
      await session.close();
      expect(database.open).toBe(true);
      expect((database.prepare('SELECT COUNT(*) AS n FROM advanced_message_structure').get() as { n: number }).n).toBe(1);
    } finally {
      database.close();
    }
  });

  it('the default :memory: database is private to each object', async () => {
    const a = db.track(new AdvancedSQLiteSession('s'));
    const b = db.track(new AdvancedSQLiteSession('s'));
    await a.addItems([user('only in a')]);
    expect(await b.getItems()).toEqual([]);
    expect(await a.listBranches()).toMatchObject([{ branchId: 'main', messageCount: 1, isCurrent: true }]);
    expect(await b.listBranches()).toMatchObject([{ branchId: 'main', messageCount: 0, isCurrent: true }]);
  });
});
