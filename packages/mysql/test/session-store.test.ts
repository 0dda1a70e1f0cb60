import { encodeCursor, isSessionError, type AdvancedSessionBase, type StoreArchiveInput } from '@sessions/core';
import { numberedItems, userMessage } from '@sessions/conformance';
import { MySQLSession, openSessionStore, type AdvancedMySQLSession } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import { createPool, type RowDataPacket } from 'mysql2/promise';
import { storeListQuery } from '../src/store/store-list.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistant, user } from './support/advanced.js';
import { createTestDatabase, type TestDatabase } from './mysql-server.js';

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

await registerWithServer('mysql', '@sessions/mysql openSessionStore', () => {
  describe('openSessionStore (the store contract on MySQL/MariaDB)', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('migrates only when asked, then is advanced; its location hides the password', async () => {
      const store = await openSessionStore(database.url);
      try {
        expect(store.kind).toBe('mysql');
        expect(store.capabilities.advanced).toBe(false);
        expect(await store.pendingMigrations()).toEqual(['0000_initial', '0001_history_operations', '0002_advanced_sessions_and_owners', '0003_replay_start', '0004_usage_responses', '0005_session_keys', '0006_session_expiry']);
        expect(await store.migrate()).toEqual(['0000_initial', '0001_history_operations', '0002_advanced_sessions_and_owners', '0003_replay_start', '0004_usage_responses', '0005_session_keys', '0006_session_expiry']);
        expect(await store.pendingMigrations()).toEqual([]);
        expect(store.capabilities.advanced).toBe(true);
      } finally {
        await store.close();
      }
      const withPassword = new URL(database.url);
      withPassword.password = 's3cret';
      const other = await openSessionStore(withPassword.toString()).catch((e: unknown) => e);
      if (!(other instanceof Error)) {
        const opened = other as Awaited<ReturnType<typeof openSessionStore>>;
        expect(opened.location).not.toContain('s3cret');
        await opened.close();
      } else {
        expect(String(other)).not.toContain('s3cret');
      }
    });

    it('opens advanced sessions with an owner; a session keeps its first owner; lists newest first, by owner and metadata, with a cursor', async () => {
      const store = await openSessionStore(database.url);
      try {
        for (let i = 0; i < 7; i++) {
          const session = store.openSession(`owned-${i}`, { owner: i % 2 === 0 ? 'alice' : 'bob' }) as AdvancedMySQLSession;
          await session.addItems(numberedItems(i + 1));
          if (i === 3) await session.setMetadata({ plan: 'pro', seats: 3 });
          await session.close();
          await new Promise((r) => setTimeout(r, 3));
        }
        const later = store.openSession('owned-0', { owner: 'mallory' }) as AdvancedSessionBase;
        await later.addItems([userMessage('latest')]);
        await (later as AdvancedMySQLSession).createBranch();
        await later.close();

        const all = await store.listSessions({ limit: 3 });
        expect(all.sessions.map((s) => s.sessionId)).toEqual(['owned-0', 'owned-6', 'owned-5']);
        expect(all.sessions[0]).toMatchObject({ owner: 'alice', itemCount: 2, branchCount: 2, metadata: {} });
        expect(all.sessions[0]!.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        const seen = [...all.sessions];
        let cursor = all.nextCursor;
        while (cursor) {
          const page = await store.listSessions({ limit: 3, cursor });
          seen.push(...page.sessions);
          cursor = page.nextCursor;
        }
        expect(seen.map((s) => s.sessionId)).toEqual(['owned-0', 'owned-6', 'owned-5', 'owned-4', 'owned-3', 'owned-2', 'owned-1']);
        const bob = await store.listSessions({ owner: 'bob' });
        expect(bob.sessions.map((s) => s.sessionId)).toEqual(['owned-5', 'owned-3', 'owned-1']);
        expect(bob.nextCursor).toBeUndefined();
        expect((await store.listSessions({ owner: 'mallory' })).sessions).toEqual([]);
        const pro = await store.listSessions({ metadata: { plan: 'pro', seats: 3.0 } });
        expect(pro.sessions.map((s) => [s.sessionId, s.metadata])).toEqual([['owned-3', { plan: 'pro', seats: 3 }]]);
        expect((await store.listSessions({ metadata: { plan: 'PRO' } })).sessions).toEqual([]);
        expect(isSessionError(await errorOf(store.listSessions({ cursor: 'nope' })), 'INVALID_ARGUMENT')).toBe(true);
        expect(isSessionError(await errorOf(store.listSessions({ limit: 0 })), 'INVALID_ARGUMENT')).toBe(true);
        expect(isSessionError(await errorOf(store.listSessions({ metadata: { a: [1] } as never })), 'INVALID_ARGUMENT')).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('the listing reads an index backwards, unfiltered, by owner and with a cursor (EXPLAIN of its statements)', async () => {
      const pool = createPool({ uri: database.url, connectionLimit: 1 });
      try {
        await pool.query('SET SESSION max_recursive_iterations = 10000').catch(() => {});
        await pool.query(
          `INSERT INTO agent_sessions (session_id, owner) WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2999)
           SELECT CONCAT('explain-', i), CONCAT('owner-', i % 3) FROM n`,
        );
        const cursor = encodeCursor('2100-01-01 00:00:00.000', 'z');
        for (const [options, index] of [
          [{}, 'agent_sessions_updated_idx'],
          [{ cursor }, 'agent_sessions_updated_idx'],
          [{ owner: 'owner-1' }, 'agent_sessions_owner_updated_idx'],
          [{ owner: 'owner-1', cursor }, 'agent_sessions_owner_updated_idx'],
        ] as const) {
          const { sql, params } = storeListQuery(options);
          const [plan] = await pool.query<RowDataPacket[]>(`EXPLAIN ${sql}`, params);
          expect(plan[0], JSON.stringify(options)).toMatchObject({ table: 's', key: index });
          expect(String(plan[0]!.Extra)).not.toMatch(/filesort|temporary/);
        }
        await pool.query(`DELETE FROM agent_sessions WHERE session_id LIKE 'explain-%'`);
      } finally {
        await pool.end();
      }
    });

    it('a plain MySQLSession records its owner once; its session reads as plain rows on main in an archive', async () => {
      const plain = MySQLSession.fromUrl('plain-owned', { url: database.url, owner: 'carol' });
      await plain.addItems([user('q'), assistant('a')]);
      await plain.close();
      const again = MySQLSession.fromUrl('plain-owned', { url: database.url, owner: 'dave' });
      await again.addItems([user('q2')]);
      await again.close();
      const store = await openSessionStore(database.url);
      try {
        const archive = await store.readArchive('plain-owned');
        expect(archive).toMatchObject({ sessionId: 'plain-owned', owner: 'carol', metadata: null, usage: [] });
        expect(archive!.branches.map((b) => [b.branchId, b.items.length])).toEqual([['main', 3]]);
        expect((await store.listSessions({ owner: 'carol' })).sessions).toMatchObject([{ sessionId: 'plain-owned', itemCount: 3, branchCount: 1, metadata: {} }]);
        expect(await store.readArchive('no-such-session')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('an archive written and read back is the same, branch by branch and row by row; CONFLICT unless replace', async () => {
      const store = await openSessionStore(database.url);
      try {
        const source = store.openSession('archived', { owner: 'erin' }) as AdvancedMySQLSession;
        await source.addItems([user('q1'), assistant('a1'), user('q2'), assistant('a2')]);
        await source.setMetadata({ topic: 'archives' });
        const branchId = await source.createBranchFromTurn(2, 'archived-alt');
        await source.addItems([user('q2 again'), assistant('a2 again')]);
        await source.close();
        const archive = (await store.readArchive('archived'))!;
        expect(archive.owner).toBe('erin');
        expect(archive.branches.map((b) => [b.branchId, b.parentBranchId, b.fromTurn, b.items.length])).toEqual([
          ['main', null, null, 4],
          [branchId, 'main', 2, 4],
        ]);
        expect(isSessionError(await errorOf(store.writeArchive(archive)), 'CONFLICT')).toBe(true);
        expect(await store.deleteSession('archived')).toBe(true);
        expect(await store.deleteSession('archived')).toBe(false);
        expect(await store.readArchive('archived')).toBeUndefined();
        await store.writeArchive(archive);
        expect(await store.readArchive('archived')).toEqual(archive);
        await store.writeArchive(archive, { replace: true });
        expect(await store.readArchive('archived')).toEqual(archive);
        // A copy under another id cannot reuse the branch id (branch ids are unique in the store).
        const copy: StoreArchiveInput = { ...archive, sessionId: 'archived-copy' };
        expect(isSessionError(await errorOf(store.writeArchive(copy)), 'CONFLICT')).toBe(true);
        expect(await store.readArchive('archived-copy')).toBeUndefined();
        expect(isSessionError(await errorOf(store.writeArchive({ ...archive, branches: 'x' } as never)), 'INVALID_ARGUMENT')).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('refuses calls after close', async () => {
      const store = await openSessionStore(database.url);
      await store.close();
      await store.close();
      expect(isSessionError(await errorOf(store.listSessions()), 'SESSION_CLOSED')).toBe(true);
    });
  });
});
