import { isSessionError } from '@sessions/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useDatabaseFile, user } from './support/fixtures.js';

const db = useDatabaseFile('sessions-advanced-corrupt-');

describe('a corrupt stored row', () => {
  it('is reported with its row id, never skipped, on limited and full reads', async () => {
    const session = db.open('conv');
    await session.addItems([user('good 1'), user('good 2')]);
    const raw = new Database(db.path());
    try {
      raw.prepare(`UPDATE agent_messages SET message_data = '{not json' WHERE id = 2`).run();
    } finally {
      raw.close();
    }
    for (const read of [() => session.getItems(), () => session.getItems(1)]) {
      const error = await read().catch((e: unknown) => e);
      expect(isSessionError(error, 'CORRUPT_ITEM')).toBe(true);
      expect(String(error)).toMatch(/stored row 2 /);
    }
  });
});
