import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLiteSession } from '@sessions/sqlite';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sessions-sqlite-fd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const openDescriptors = () => readdirSync('/proc/self/fd').length;

describe('no connection or file handle leaks', () => {
  it('creating, using and closing 10,000 sessions on one file leaves the open descriptors where they started', async () => {
    const path = join(dir, 'fd.db');
    // the first open creates the file and its tables
    const first = new SQLiteSession('warm-up', { path });
    await first.addItems([{ role: 'user', content: 'warm' }]);
    await first.close();

    const before = openDescriptors();
    for (let i = 0; i < 10_000; i++) {
      const session = new SQLiteSession(`fd-${i % 50}`, { path });
      if (i % 10 === 0) await session.addItems([{ role: 'user', content: `hello ${i}` }]);
      else await session.getItems(1);
      await session.close();
    }
    expect(openDescriptors()).toBe(before);
  });

  it('sessions open at the same time share one connection and close it with the last of them', async () => {
    const path = join(dir, 'shared.db');
    const before = openDescriptors();
    const sessions = Array.from({ length: 200 }, (_, i) => new SQLiteSession(`s-${i}`, { path }));
    await Promise.all(sessions.map((s, i) => s.addItems([{ role: 'user', content: `m ${i}` }])));
    // one database file + its WAL (+ shm mapping): a few descriptors, not 200x
    expect(openDescriptors() - before).toBeLessThan(6);
    await Promise.all(sessions.map((s) => s.close()));
    expect(openDescriptors()).toBe(before);
  });

  it('a session given an open database never closes it', async () => {
    const db = new Database(join(dir, 'user.db'));
    const session = new SQLiteSession('borrowed', { database: db });
    await session.addItems([{ role: 'user', content: 'hi' }]);
    await session.close();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM agent_messages').get()).toEqual({ n: 1 });
    db.close();
  });
});
