import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import { userMessage } from '@sessions/conformance';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sessions-advanced-rollback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rolledBackLanesThenBranch(db: Database.Database): Promise<void> {
  // Two sessions write inside the caller's transaction, which then rolls back: the lane ids they took come back.
  db.exec('BEGIN');
  const rolledA = new AdvancedSQLiteSession('rolled-a', { database: db });
  const rolledB = new AdvancedSQLiteSession('rolled-b', { database: db });
  await rolledA.addItems([userMessage('r1')]);
  await rolledB.addItems([userMessage('r2')]);
  db.exec('ROLLBACK');
  expect(await rolledA.getItems()).toEqual([]);

  const kept = new AdvancedSQLiteSession('kept', { database: db });
  await kept.addItems([userMessage('a1')]);
  await kept.createBranch('kept-branch');
  await kept.addItems([userMessage('a2')]);
  expect(await kept.getItems()).toEqual([userMessage('a1'), userMessage('a2')]);
  const reopened = new AdvancedSQLiteSession('kept-branch', { database: db });
  expect(await reopened.getItems()).toEqual([userMessage('a1'), userMessage('a2')]);

  for (const s of [rolledA, rolledB, kept, reopened]) await s.close();
}

describe('a database passed in, inside the caller’s own transaction', () => {
  it('tables first created in a transaction the caller rolls back are created again', async () => {
    const db = new Database(join(dir, 'rollback-fresh.db'));
    await rolledBackLanesThenBranch(db);
    db.close();
  });

  it('lanes made in a transaction the caller rolls back leave no stale history behind', async () => {
    const db = new Database(join(dir, 'rollback-migrated.db'));
    const setup = new AdvancedSQLiteSession('setup', { database: db });
    await setup.getItems(); // tables made and connection state kept, outside any transaction
    await setup.close();
    await rolledBackLanesThenBranch(db);
    db.close();
  });
});
