import { Agent, run, setTracingDisabled } from '@openai/agents';
import { ScriptedModel } from '@openai/agents-core/testing';
import { isSessionError, type AdvancedSessionBase, type StoreArchive } from '@sessions/core';
import { AdvancedPostgresSession, openSessionStore, PostgresSession, PostgresSessionStore, shippedMigrations } from '@sessions/postgres';
import { requireServer } from '@sessions/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createMigratedDatabase, type TestDatabase } from './database.js';
import { assistant, reply, user } from './support/advanced.js';

setTracingDisabled(true);
const serverAvailable = await requireServer('postgres', 'the @sessions/postgres store contract tests');

const errorOf = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe.runIf(serverAvailable)('openSessionStore: one PostgreSQL database as a SessionStore', () => {
  let database: TestDatabase;
  let store: PostgresSessionStore;

  beforeAll(async () => {
    database = await createMigratedDatabase('store');
    store = (await openSessionStore(database.url)) as PostgresSessionStore;
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('names its kind and location with the password hidden', async () => {
    expect(store.kind).toBe('postgres');
    expect(store.capabilities).toEqual({ advanced: true });
    const url = new URL(database.url);
    url.password = 'secret-pw';
    const other = await openSessionStore(url.toString());
    expect(other.location).not.toContain('secret-pw');
    expect(other.location).toContain('***');
    await other.close();
    await other.close();
    expect(isSessionError(await errorOf(openSessionStore('mysql://localhost/db')), 'INVALID_ARGUMENT')).toBe(true);
  });

  it('an unmigrated database: not advanced, pending migrations listed, data calls say to migrate; migrate() fixes all of it', async () => {
    const empty = await createDatabase('store_empty');
    const fresh = await openSessionStore(empty.url);
    try {
      expect(fresh.capabilities.advanced).toBe(false);
      expect(await fresh.pendingMigrations()).toEqual(shippedMigrations().map((m) => m.tag));
      expect(isSessionError(await errorOf(fresh.listSessions()), 'MIGRATION_FAILED')).toBe(true);
      expect(await fresh.migrate()).toEqual(shippedMigrations().map((m) => m.tag));
      expect(fresh.capabilities.advanced).toBe(true);
      expect(await fresh.pendingMigrations()).toEqual([]);
      expect(await fresh.listSessions()).toEqual({ sessions: [] });
    } finally {
      await fresh.close();
      await empty.drop();
    }
  });

  it('openSession gives advanced sessions that record their owner; listSessions pages newest first, by owner or not', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `list-${i}`);
    for (const [i, id] of ids.entries()) {
      const session = store.openSession(id, { owner: i % 2 === 0 ? 'alice' : 'bob' }) as AdvancedSessionBase;
      expect(session).toBeInstanceOf(AdvancedPostgresSession);
      await session.addItems([user(`q ${i}`), assistant(`a ${i}`)]);
      if (i === 3) await session.setMetadata({ plan: 'pro' });
      await session.close();
    }
    // A later write moves a session to the front; its owner stays the first one.
    const again = store.openSession('list-0', { owner: 'mallory' });
    await again.addItems([user('again')]);
    await again.close();

    const first = await store.listSessions({ limit: 3 });
    expect(first.sessions.map((s) => s.sessionId)).toEqual(['list-0', 'list-6', 'list-5']);
    expect(first.sessions[0]).toMatchObject({ owner: 'alice', itemCount: 3, branchCount: 1, metadata: {} });
    const second = await store.listSessions({ limit: 3, cursor: first.nextCursor });
    expect(second.sessions.map((s) => s.sessionId)).toEqual(['list-4', 'list-3', 'list-2']);
    const third = await store.listSessions({ limit: 3, cursor: second.nextCursor });
    expect(third.sessions.map((s) => s.sessionId)).toEqual(['list-1']);
    expect(third.nextCursor).toBeUndefined();

    const bob = await store.listSessions({ owner: 'bob', limit: 2 });
    expect(bob.sessions.map((s) => s.sessionId)).toEqual(['list-5', 'list-3']);
    expect((await store.listSessions({ owner: 'bob', cursor: bob.nextCursor })).sessions.map((s) => s.sessionId)).toEqual(['list-1']);
    expect((await store.listSessions({ owner: 'mallory' })).sessions).toEqual([]);
    expect((await store.listSessions({ metadata: { plan: 'pro' } })).sessions.map((s) => [s.sessionId, s.metadata])).toEqual([['list-3', { plan: 'pro' }]]);

    expect(isSessionError(await errorOf(store.listSessions({ cursor: 'nope' })), 'INVALID_ARGUMENT')).toBe(true);
    expect(isSessionError(await errorOf(store.listSessions({ limit: 0 })), 'INVALID_ARGUMENT')).toBe(true);
    expect(isSessionError(await errorOf(store.listSessions({ owner: '' })), 'INVALID_ARGUMENT')).toBe(true);
    for (const id of [...ids]) await store.deleteSession(id);
  });

  it('readArchive and writeArchive move a session with branches, usage, metadata and owner, row for row', async () => {
    const model = new ScriptedModel([reply('one', { input: 10, output: 2, model: 'gpt-4.1-mini' }), reply('two'), reply('three')]);
    const agent = new Agent({ name: 'A', model });
    const session = store.openSession('trip', { owner: 'alice' }) as AdvancedPostgresSession;
    await session.storeRunUsage(await run(agent, 'first', { session }));
    await session.storeRunUsage(await run(agent, 'second', { session }));
    await session.setMetadata({ topic: 'travel' });
    await session.createBranchFromTurn(2, 'trip-alt');
    await session.storeRunUsage(await run(agent, 'second, differently', { session }));
    await session.close();

    const archive = (await store.readArchive('trip'))!;
    expect(archive.owner).toBe('alice');
    expect(archive.branches.map((b) => [b.branchId, b.parentBranchId, b.fromTurn, b.items.length])).toEqual([
      ['main', null, null, 4],
      ['trip-alt', 'main', 2, 4],
    ]);
    expect(archive.usage).toHaveLength(3);

    const other = await createMigratedDatabase('store_copy');
    const target = await openSessionStore(other.url);
    try {
      await target.writeArchive(archive);
      expect(await target.readArchive('trip')).toEqual(archive);
      expect(isSessionError(await errorOf(target.writeArchive(archive)), 'CONFLICT')).toBe(true);
      await target.writeArchive({ ...archive, metadata: { topic: 'moved' } }, { replace: true });
      expect((await target.readArchive('trip'))!.metadata).toEqual({ topic: 'moved' });
      // Nothing half-written when an archive is bad.
      const bad = { ...archive, branches: [{ ...archive.branches[0]!, items: [{ data: 'not json', createdAt: archive.createdAt }] }] };
      expect(isSessionError(await errorOf(target.writeArchive(bad as StoreArchive, { replace: true })))).toBe(true);
      expect((await target.readArchive('trip'))!.metadata).toEqual({ topic: 'moved' });
      const branch = target.openSession('trip-alt') as AdvancedPostgresSession;
      expect(await branch.getCurrentBranchId()).toBe('trip-alt');
      await branch.close();
    } finally {
      await target.close();
      await other.drop();
    }
    expect(await store.deleteSession('trip')).toBe(true);
    expect(await store.readArchive('trip')).toBeUndefined();
    expect(isSessionError(await errorOf(store.deleteSession('')), 'INVALID_ARGUMENT')).toBe(true);
  });

  it('a session a plain PostgresSession wrote reads as its rows on main', async () => {
    const plain = new PostgresSession('plain', { pool: store.pool, owner: 'carol' });
    await plain.addItems([user('hello'), assistant('hi')]);
    await plain.close();
    const archive = (await store.readArchive('plain'))!;
    expect(archive).toMatchObject({ sessionId: 'plain', owner: 'carol', metadata: null, usage: [] });
    expect(archive.branches).toHaveLength(1);
    expect(archive.branches[0]!.items.map((i) => JSON.parse(i.data))).toEqual([user('hello'), assistant('hi')]);
    expect((await store.listSessions({ owner: 'carol' })).sessions[0]).toMatchObject({ sessionId: 'plain', itemCount: 2 });
    expect(await store.deleteSession('plain')).toBe(true);
  });

  it('is closed for good after close()', async () => {
    const other = await openSessionStore(database.url);
    await other.close();
    expect(isSessionError(await errorOf(other.listSessions()), 'SESSION_CLOSED')).toBe(true);
  });
});
