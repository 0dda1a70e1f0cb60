import { isSessionError } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { assistant, errorOf, useAdvancedStore, user } from '../fixtures.js';
import type { AdvancedConformanceTarget } from '../target.js';

export function sessionsAndMetadataSpec(target: AdvancedConformanceTarget): void {
  describe(`session metadata: ${target.name}`, () => {
    const db = useAdvancedStore(target);

    it('setMetadata replaces a JSON object per session; getMetadata reads it back, {} when unset', async () => {
      const session = db.open('conv');
      expect(await session.getMetadata()).toEqual({});
      await session.setMetadata({ user: 'alice', tags: ['a', 'b'], nested: { n: 1 } });
      expect(await db.open('conv').getMetadata()).toEqual({ user: 'alice', tags: ['a', 'b'], nested: { n: 1 } });
      await session.setMetadata({ user: 'bob' });
      expect(await session.getMetadata()).toEqual({ user: 'bob' });
    });

    it('metadata belongs to the session: a branch handle reads and writes the same object', async () => {
      const session = db.open('conv');
      await session.addItems([user('q'), assistant('a')]);
      await session.setMetadata({ user: 'alice' });
      const branchId = await session.createBranchFromTurn(2);
      expect(await db.open(branchId).getMetadata()).toEqual({ user: 'alice' });
    });

    it('rejects metadata that is not a plain JSON object, keeping what was stored', async () => {
      const session = db.open('conv');
      await session.setMetadata({ ok: true });
      for (const bad of [null, [], 'text', { when: new Date() }, { n: Number.NaN }, { f: () => 1 }, { b: 1n }]) {
        expect(isSessionError(await errorOf(session.setMetadata(bad as never)), 'INVALID_ARGUMENT'), String(bad)).toBe(true);
      }
      expect(await session.getMetadata()).toEqual({ ok: true });
    });
  });

  describe(`listSessions: ${target.name}`, () => {
    const db = useAdvancedStore(target);

    it('lists newest first with item counts of main, branch counts and metadata', async () => {
      const a = db.open('a');
      await a.addItems([user('1'), assistant('1'), user('2')]);
      await a.createBranchFromTurn(2);
      await a.addItems([user('branch only')]);
      await db.open('b').setMetadata({ user: 'bob' });
      await db.raw.setCreatedAt({ a: '2026-01-01T00:00:00.000Z', b: '2026-02-01T00:00:00.000Z' });
      const list = await a.listSessions();
      expect(list.map(({ sessionId, itemCount, branchCount, metadata }) => ({ sessionId, itemCount, branchCount, metadata }))).toEqual([
        { sessionId: 'b', itemCount: 0, branchCount: 1, metadata: { user: 'bob' } },
        { sessionId: 'a', itemCount: 3, branchCount: 2, metadata: {} },
      ]);
    });

    it.runIf(target.encryptedMetadata === true)('refuses to filter by metadata, which is stored encrypted; still lists it decrypted', async () => {
      const session = db.open('s1');
      await session.setMetadata({ user: 'alice' });
      const error = await errorOf(session.listSessions({ metadata: { user: 'alice' } }));
      expect(isSessionError(error, 'INVALID_ARGUMENT'), String(error)).toBe(true);
      expect((await session.listSessions()).map((s) => s.metadata)).toEqual([{ user: 'alice' }]);
    });

    it.skipIf(target.encryptedMetadata === true)('filters by metadata values, by creation date, and pages with a cursor', async () => {
      const ids = ['s1', 's2', 's3', 's4', 's5'];
      for (const [i, id] of ids.entries()) {
        const session = db.open(id);
        await session.addItems([user(id)]);
        await session.setMetadata({ user: i % 2 === 0 ? 'alice' : 'bob', tier: i, vip: i === 4, note: null, 'odd "key"': 'x' });
      }
      await db.raw.setCreatedAt({
        s1: '2026-01-01T00:00:00.000Z',
        s2: '2026-01-02T00:00:00.000Z',
        s3: '2026-01-03T00:00:00.000Z',
        s4: '2026-01-04T00:00:00.000Z',
        s5: '2026-01-05T00:00:00.000Z',
      });
      const session = db.open('s1');
      const idsOf = async (options: Parameters<typeof session.listSessions>[0]) => (await session.listSessions(options)).map((s) => s.sessionId);

      expect(await idsOf({ metadata: { user: 'alice' } })).toEqual(['s5', 's3', 's1']);
      expect(await idsOf({ metadata: { user: 'alice', tier: 2 } })).toEqual(['s3']);
      expect(await idsOf({ metadata: { vip: true } })).toEqual(['s5']);
      expect(await idsOf({ metadata: { vip: false, user: 'bob' } })).toEqual(['s4', 's2']);
      expect(await idsOf({ metadata: { note: null, 'odd "key"': 'x', tier: 0 } })).toEqual(['s1']);
      expect(await idsOf({ metadata: { user: 'carol' } })).toEqual([]);
      expect(await idsOf({ metadata: { tier: '2' } })).toEqual([]); // a string is not the number 2
      expect(await idsOf({ createdAfter: '2026-01-02T00:00:00.000Z', createdBefore: new Date('2026-01-04T00:00:00.000Z') })).toEqual(['s3', 's2']);

      const first = await session.listSessions({ limit: 2 });
      expect(first.map((s) => s.sessionId)).toEqual(['s5', 's4']);
      const second = await session.listSessions({ limit: 2, cursor: first.at(-1)!.cursor });
      expect(second.map((s) => s.sessionId)).toEqual(['s3', 's2']);
      const third = await session.listSessions({ limit: 2, cursor: second.at(-1)!.cursor });
      expect(third.map((s) => s.sessionId)).toEqual(['s1']);
    });

    it('rejects bad options with INVALID_ARGUMENT', async () => {
      const session = db.open('conv');
      for (const bad of [
        { limit: 0 },
        { limit: 1.5 },
        { limit: 1001 },
        { cursor: 'not-a-cursor' },
        { createdAfter: 'yesterday' },
        { metadata: { nested: { a: 1 } } },
        { metadata: [] },
      ]) {
        expect(isSessionError(await errorOf(session.listSessions(bad as never)), 'INVALID_ARGUMENT'), JSON.stringify(bad)).toBe(true);
      }
    });
  });

  describe(`deleteSession: ${target.name}`, () => {
    const db = useAdvancedStore(target);

    it('removes every branch, item, usage row and the metadata of a session, and nothing of others', async () => {
      const doomed = db.open('doomed');
      await doomed.addItems([user('q'), assistant('a')]);
      await doomed.setMetadata({ user: 'x' });
      await doomed.createBranchFromTurn(2);
      await doomed.addItems([user('branch q')]);
      const kept = db.open('kept');
      await kept.addItems([user('keep me')]);

      expect(await kept.deleteSession('doomed')).toBe(true);
      expect(await kept.deleteSession('doomed')).toBe(false);
      for (const table of ['messages', 'structure', 'lanes', 'branches', 'metadata', 'usage'] as const) {
        expect(await db.raw.count(table), table).toBe(table === 'metadata' || table === 'usage' ? 0 : 1);
      }
      expect(await kept.getItems()).toEqual([user('keep me')]);
      expect(await db.open('doomed').getItems()).toEqual([]);
    });

    it('refuses a branch id (use deleteBranch)', async () => {
      const session = db.open('conv');
      await session.addItems([user('q')]);
      const branchId = await session.createBranch();
      expect(isSessionError(await errorOf(session.deleteSession(branchId)), 'INVALID_ARGUMENT')).toBe(true);
    });
  });

  describe(`structured queries: ${target.name}`, () => {
    const db = useAdvancedStore(target);

    it('turn previews are 100 characters; the full text is kept; turn 0 is never listed', async () => {
      const session = db.open('conv');
      const long = 'ü'.repeat(150);
      await session.addItems([{ role: 'system', content: 'setup' }, user(long), assistant('ok')]);
      const [turn] = await session.getConversationTurns();
      expect(turn).toMatchObject({ turn: 1, content: 'ü'.repeat(100), fullContent: long, canBranch: true });
      expect(turn!.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Object.keys(await session.getConversationByTurns())).toEqual(['0', '1']);
    });

    it('queries take a branchId, and see that branch only', async () => {
      const session = db.open('conv');
      await session.addItems([
        user('q1'),
        { type: 'function_call', callId: 'c1', name: 'search', arguments: '{"q":"cats"}', status: 'completed' },
        { type: 'function_call_result', callId: 'c1', name: 'search', status: 'completed', output: { type: 'text', text: 'cats!' } },
        user('q2'),
        { type: 'function_call', callId: 'c2', name: 'search', arguments: '{"q":"dogs"}', status: 'completed' },
        { type: 'function_call', callId: 'c3', name: 'search', arguments: '{"q":"birds"}', status: 'completed' },
      ]);
      const branchId = await session.createBranchFromTurn(2);
      await session.addItems([user('q2 on branch')]);
      await session.switchToBranch('main');
      expect(await session.getToolUsage()).toEqual([
        { toolName: 'search', count: 1, turn: 1 },
        { toolName: 'search', count: 2, turn: 2 },
      ]);
      expect(await session.getToolUsage({ branchId })).toEqual([{ toolName: 'search', count: 1, turn: 1 }]);
      expect((await session.findTurnsByContent('dogs')).map((t) => t.turn)).toEqual([2]);
      expect(await session.findTurnsByContent('dogs', { branchId })).toEqual([]);
      expect((await session.getConversationTurns({ branchId })).map((t) => t.content)).toEqual(['q1', 'q2 on branch']);
      expect(isSessionError(await errorOf(session.findTurnsByContent('')), 'INVALID_ARGUMENT')).toBe(true);
    });
  });
}
