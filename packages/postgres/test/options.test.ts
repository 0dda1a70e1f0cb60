import { isSessionError } from '@sessions/core';
import { numberedItems, userMessage } from '@sessions/conformance';
import { agentMessages, deleteSession, listSessions, migrate, PostgresSession, runMigrateCommand, shippedMigrations } from '@sessions/postgres';
import { requireServer } from '@sessions/test-servers';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createMigratedDatabase, runBin, testPool, type TestDatabase } from './database.js';

const serverAvailable = await requireServer('postgres', 'the @sessions/postgres options tests');
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe.runIf(serverAvailable)('PostgresSession options and store helpers', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createMigratedDatabase('options');
    pool = testPool(database.url);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('close() leaves a pool the user passed in open', async () => {
    const session = new PostgresSession('user-pool', { pool });
    await session.addItems([userMessage('hi')]);
    await session.close();
    expect(pool.ending).toBe(false);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM agent_messages WHERE session_id = $1', ['user-pool']);
    expect(rows[0].n).toBe(1);
  });

  it('works on a Drizzle node-postgres database, whose tables the exported schema describes', async () => {
    const db = drizzle({ client: pool });
    const session = new PostgresSession('drizzle-db', { db });
    await session.addItems(numberedItems(3, 'drizzle'));
    expect(await session.getItems(2)).toEqual(numberedItems(3, 'drizzle').slice(1));
    const rows = await db.select().from(agentMessages).where(eq(agentMessages.sessionId, 'drizzle-db')).orderBy(agentMessages.id);
    expect(rows.map((r) => JSON.parse(r.messageData))).toEqual(numberedItems(3, 'drizzle'));
    expect(rows[0]!.createdAt).toBeInstanceOf(Date);
    await session.close();
    expect(pool.ending).toBe(false);
    expect(await migrate({ db })).toEqual([]);
  });

  it('fromUrl opens a pool that close() ends, shared by sessions on the same URL until the last closes', async () => {
    const a = PostgresSession.fromUrl('from-url', { url: database.url });
    const b = PostgresSession.fromUrl('from-url', { url: database.url });
    expect(a.pool).toBe(b.pool);
    await a.addItems([userMessage('one')]);
    await a.close();
    expect(b.pool.ending).toBe(false);
    expect(await b.getItems()).toEqual([userMessage('one')]);
    await b.close();
    expect(b.pool.ending).toBe(true);
  });

  it('rejects bad options with INVALID_ARGUMENT and never echoes a password', async () => {
    const cases: [string, () => unknown][] = [
      ['no target', () => new PostgresSession('x', {})],
      ['two targets', () => new PostgresSession('x', { pool, url: database.url })],
      ['a mysql URL', () => PostgresSession.fromUrl('x', { url: 'mysql://root:secret@localhost/db' })],
      ['a pg.Client as pool', () => new PostgresSession('x', { pool: new pg.Client() as unknown as pg.Pool })],
      ['a Drizzle database on a Client', () => new PostgresSession('x', { db: drizzle({ client: new pg.Client() }) })],
      ['createTables not boolean', () => new PostgresSession('x', { pool, createTables: 'yes' as unknown as boolean })],
      ['an empty id', () => new PostgresSession('', { pool })],
    ];
    for (const [label, make] of cases) {
      let error: unknown;
      try {
        make();
      } catch (e) {
        error = e;
      }
      expect(isSessionError(error, 'INVALID_ARGUMENT'), label).toBe(true);
      expect(String((error as Error).message)).not.toContain('secret');
    }
  });

  it('without createTables, a database lacking the tables fails with a SessionError naming the migrate command', async () => {
    const empty = await createDatabase('unmigrated');
    try {
      const session = PostgresSession.fromUrl('nothing-here', { url: empty.url });
      for (const call of [() => session.addItems([userMessage('lost?')]), () => session.getItems()]) {
        const error = await failure(call());
        expect(isSessionError(error, 'MIGRATION_FAILED'), String(error)).toBe(true);
        expect((error as Error).message).toContain('sessions-postgres migrate --url');
        expect((error as Error).message).toContain('nothing-here');
      }
      expect(isSessionError(await failure(listSessions({ url: empty.url })), 'MIGRATION_FAILED')).toBe(true);
      // Nothing was created behind the user's back.
      const raw = testPool(empty.url);
      const { rows } = await raw.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      expect(rows[0].n).toBe(0);
      // After the documented command, the same session object works.
      expect((await runBin(['migrate', `--url=${empty.url}`])).code).toBe(0);
      await session.addItems([userMessage('now stored')]);
      expect(await session.getItems()).toEqual([userMessage('now stored')]);
      await session.close();
      await raw.end();
    } finally {
      await empty.drop();
    }
  });

  it('listSessions pages newest first with a keyset cursor and counts items; deleteSession removes one', async () => {
    const listDb = await createMigratedDatabase('list');
    const target = { pool: testPool(listDb.url) };
    try {
      const ids = Array.from({ length: 7 }, (_, i) => `list-${i}`);
      for (const [i, id] of ids.entries()) {
        const s = new PostgresSession(id, target);
        await s.addItems(numberedItems(i + 1, id));
        await s.close();
      }
      const touched = new PostgresSession('list-2', target);
      await touched.addItems([userMessage('latest')]);

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listSessions(target, { limit: 3, cursor });
        seen.push(...page.sessions.map((s) => s.sessionId));
        for (const s of page.sessions) {
          expect(s.updatedAt.getTime()).toBeGreaterThanOrEqual(s.createdAt.getTime());
          expect(s.itemCount).toBe(s.sessionId === 'list-2' ? 4 : Number(s.sessionId.slice(5)) + 1);
        }
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(['list-2', 'list-6', 'list-5', 'list-4', 'list-3', 'list-1', 'list-0']);

      expect(await deleteSession(target, 'list-4')).toBe(true);
      expect(await deleteSession(target, 'list-4')).toBe(false);
      expect((await listSessions(target, { limit: 100 })).sessions.map((s) => s.sessionId)).not.toContain('list-4');
      const { rows } = await target.pool.query("SELECT count(*)::int AS n FROM agent_messages WHERE session_id = 'list-4'");
      expect(rows[0].n).toBe(0);

      for (const bad of [{ limit: 0 }, { limit: 1001 }, { limit: 2.5 }, { cursor: 'garbage' }]) {
        expect(isSessionError(await failure(listSessions(target, bad)), 'INVALID_ARGUMENT'), JSON.stringify(bad)).toBe(true);
      }
      await touched.close();
    } finally {
      await target.pool.end();
      await listDb.drop();
    }
  });

  it('the bin reports bad usage and unreachable servers with a non-zero exit, without the password', async () => {
    const usage = await runBin(['migrate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--url');
    const unknown = await runBin(['frobnicate']);
    expect(unknown.code).toBe(2);
    const down = await runBin(['migrate', '--url', 'postgres://postgres:hunter2@127.0.0.1:1/nowhere']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('CONNECTION_LOST');
    expect(down.stderr).not.toContain('hunter2');
    const again = await runBin(['migrate', '--url', database.url]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already up to date');
  });
});

describe.runIf(serverAvailable)('runMigrateCommand (for the sessions CLI)', () => {
  it('takes the arguments with or without the word migrate and reports through the given output', async () => {
    const database = await createDatabase('command');
    try {
      const lines: string[] = [];
      const output = { out: (l: string) => lines.push(`out ${l}`), err: (l: string) => lines.push(`err ${l}`) };
      expect(await runMigrateCommand(['migrate', '--url', database.url], output)).toBe(0);
      expect(await runMigrateCommand([`--url=${database.url}`], output)).toBe(0);
      expect(await runMigrateCommand(['--url'], output)).toBe(2);
      expect(lines[0]).toMatch(new RegExp(`^out .*applied ${shippedMigrations().map((m) => m.tag).join(', ')}$`));
      expect(lines[1]).toMatch(/^out .*already up to date$/);
      expect(lines[2]).toMatch(/^err .*--url needs a value/);
    } finally {
      await database.drop();
    }
  });
});
