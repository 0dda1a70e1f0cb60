/**
 * A session with branches, usage, metadata and an owner copied
 * SQLite -> PostgreSQL -> MySQL -> SQLite comes back identical.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdvancedSQLiteSession, openSessionStore } from '@sessions/advanced-sqlite';
import { comparable } from '@sessions/conformance';
import { createThrowawayDatabase, rawMessages, rawSessions, requireServer } from '@sessions/test-servers';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionsOk } from './support/run-cli.js';
import { askPlain, askWeather } from './support/seed.js';

const servers = (await requireServer('postgres', 'lossless copy chain')) && (await requireServer('mysql', 'lossless copy chain'));

const dir = mkdtempSync(join(tmpdir(), 'sessions-cli-chain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function seed(path: string): Promise<void> {
  const session = new AdvancedSQLiteSession('trip', { path, owner: 'user-42' });
  await session.storeRunUsage(await askWeather(session, 'Weather in Paris?', 'Paris', 'call-1'), { model: 'gpt-4.1' });
  await session.storeRunUsage(await askPlain(session, 'What should I pack?', 'An umbrella.'), { model: 'gpt-4.1' });
  await session.createBranchFromTurn(2, 'trip-alt');
  await session.storeRunUsage(await askPlain(session, 'What about shoes?', 'Walking shoes.'), { model: 'gpt-4.1-mini' });
  await session.createBranch('trip-alt-fork');
  await session.addItems([{ role: 'user', content: 'And a hat? ✓ 🦄 \u0000' }]);
  await session.setMetadata({ user: 'u-42', plan: 'pro', seats: 3 });
  await session.close();
}

async function archiveOf(path: string) {
  const store = await openSessionStore(path);
  try {
    return comparable((await store.readArchive('trip'))!);
  } finally {
    await store.close();
  }
}

describe.runIf(servers)('copy SQLite -> PostgreSQL -> MySQL -> SQLite', () => {
  it('brings back the session identical: items, branches, usage, metadata, owner, times, rows', async () => {
    const source = join(dir, 'source.db');
    const back = join(dir, 'back.db');
    await seed(source);
    const pg = await createThrowawayDatabase('postgres', 'chain');
    const my = await createThrowawayDatabase('mysql', 'chain');
    try {
      for (const url of [pg.url, my.url]) await sessionsOk(['migrate', '--url', url]);
      await sessionsOk(['copy', '--from', source, '--to', pg.url]);
      await sessionsOk(['copy', '--from', pg.url, '--to', my.url]);
      await sessionsOk(['copy', '--from', my.url, '--to', back]);
      expect(await archiveOf(back)).toEqual(await archiveOf(source));
      // Row by row: the same session row and the same message rows (history shared, not copied per branch).
      const rows = async (path: string) => ({
        sessions: (await rawSessions('sqlite', path)).map((r) => ({ ...r, createdAt: Date.parse(r.createdAt), updatedAt: Date.parse(r.updatedAt) })),
        messages: (await rawMessages('sqlite', path)).map((r) => ({ ...r, data: JSON.parse(r.data) as unknown, createdAt: Date.parse(r.createdAt) })),
      });
      expect(await rows(back)).toEqual(await rows(source));
      // A second copy finds everything in place.
      const again = JSON.parse((await sessionsOk(['copy', '--from', source, '--to', pg.url, '--json'])).stdout);
      expect(again).toEqual({ written: [], skipped: ['trip'], conflicts: [] });
    } finally {
      await Promise.all([pg.drop(), my.drop()]);
    }
  });
});
