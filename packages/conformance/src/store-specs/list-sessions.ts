import { describe, expect, it } from 'vitest';
import { sameInstant, type StoreHarness } from '../store-harness.js';
import { expectSessionError } from './expect-error.js';

const at = (day: number, ms = 0) => new Date(Date.UTC(2022, 0, day, 12, 0, 0, ms)).toISOString();

export function listSessionsSpec(h: StoreHarness): void {
  describe('listSessions', () => {
    it("lists one owner's sessions newest updatedAt first, with owner, times and counts", async () => {
      const owner = h.owner();
      const ids = [h.id('a'), h.id('b'), h.id('c')];
      for (const [i, id] of ids.entries()) await h.store.writeArchive(h.plainArchive(id, { owner, count: i + 1, at: at(i + 1), updatedAt: at(i + 1, 500) }));
      const page = await h.store.listSessions({ owner });
      expect(page.sessions.map((s) => s.sessionId)).toEqual([...ids].reverse());
      expect(page.nextCursor).toBeUndefined();
      for (const [i, summary] of [...page.sessions].reverse().entries()) {
        expect(summary.owner).toBe(owner);
        sameInstant(summary.createdAt, at(i + 1));
        sameInstant(summary.updatedAt, at(i + 1, 500));
        expect(summary.itemCount).toBe(i + 1);
        expect(summary.branchCount).toBe(1);
        expect(summary.metadata).toEqual(h.advanced ? {} : null);
      }
    });

    it('pages with a cursor: every session once, ties broken by id, the last page without a cursor', async () => {
      const owner = h.owner();
      const ids = Array.from({ length: 7 }, (_, i) => `${h.id('page')}-${i}`);
      // Three share one updatedAt: the session id orders them.
      const updated = [at(1), at(2), at(3), at(3), at(3), at(4), at(5)];
      for (const [i, id] of ids.entries()) await h.store.writeArchive(h.plainArchive(id, { owner, count: 1, at: at(1), updatedAt: updated[i]! }));
      const expected = ids
        .map((id, i) => ({ id, t: Date.parse(updated[i]!) }))
        .sort((a, b) => b.t - a.t || (a.id < b.id ? 1 : -1))
        .map((s) => s.id);
      const first = await h.store.listSessions({ owner, limit: 3 });
      expect(first.sessions).toHaveLength(3);
      expect(first.nextCursor).toEqual(expect.any(String));
      expect((await h.listAll({ owner, limit: 3 })).map((s) => s.sessionId)).toEqual(expected);
      expect((await h.listAll({ owner, limit: 7 })).map((s) => s.sessionId)).toEqual(expected);
      expect((await h.store.listSessions({ owner, limit: 7 })).nextCursor).toBeUndefined();
    });

    it('without a filter, holds every session once, newest first', async () => {
      const owner = h.owner();
      const ids = [h.id('all-a'), h.id('all-b')];
      await h.store.writeArchive(h.plainArchive(ids[0]!, { owner, at: at(8), updatedAt: at(9) }));
      await h.store.writeArchive(h.plainArchive(ids[1]!, { at: at(8), updatedAt: at(10) }));
      const all = await h.listAll({ limit: 2 });
      const seen = all.map((s) => s.sessionId);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.indexOf(ids[1]!)).toBeGreaterThanOrEqual(0);
      expect(seen.indexOf(ids[1]!)).toBeLessThan(seen.indexOf(ids[0]!));
      for (let i = 1; i < all.length; i++) expect(Date.parse(all[i]!.updatedAt)).toBeLessThanOrEqual(Date.parse(all[i - 1]!.updatedAt));
      expect(all.find((s) => s.sessionId === ids[1])!.owner).toBeNull();
    });

    it("an owner filter leaves out everyone else's sessions", async () => {
      const [mine, theirs] = [h.owner(), h.owner()];
      const id = h.id('mine');
      await h.store.writeArchive(h.plainArchive(id, { owner: mine }));
      await h.store.writeArchive(h.plainArchive(h.id('theirs'), { owner: theirs }));
      await h.store.writeArchive(h.plainArchive(h.id('nobody')));
      expect((await h.store.listSessions({ owner: mine })).sessions.map((s) => s.sessionId)).toEqual([id]);
      expect((await h.store.listSessions({ owner: h.owner() })).sessions).toEqual([]);
    });

    it('lists sessions written through openSession, with the owner they were created with', async () => {
      const owner = h.owner();
      const id = h.id('opened');
      const session = h.open(id, owner);
      await session.addItems([{ role: 'user', content: 'hello' }]);
      await session.addItems([{ role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'hi' }] } as never]);
      const [summary] = (await h.store.listSessions({ owner })).sessions;
      expect(summary).toMatchObject({ sessionId: id, owner, itemCount: 2, branchCount: 1 });
      expect(Date.parse(summary!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(summary!.createdAt));
    });

    it('filters on metadata (advanced stores) or refuses the filter (plain stores)', async () => {
      const owner = h.owner();
      if (!h.advanced) {
        await expectSessionError(() => h.store.listSessions({ metadata: { tier: 'gold' } }), 'INVALID_ARGUMENT', /metadata/);
        expect((await h.store.listSessions({ owner, metadata: {} })).sessions).toEqual([]);
        return;
      }
      if (h.target.encryptedMetadata) {
        const id = h.id('encrypted');
        await h.store.writeArchive({ ...h.plainArchive(id, { owner, updatedAt: at(3) }), metadata: { tier: 'gold' } });
        await expectSessionError(() => h.store.listSessions({ owner, metadata: { tier: 'gold' } }), 'INVALID_ARGUMENT', /encrypted/);
        expect((await h.store.listSessions({ owner })).sessions.map((s) => s.metadata)).toEqual([{ tier: 'gold' }]);
        return;
      }
      const gold = h.id('gold');
      const silver = h.id('silver');
      const bare = h.id('bare');
      await h.store.writeArchive({ ...h.plainArchive(gold, { owner, updatedAt: at(3) }), metadata: { tier: 'gold', seats: 3, beta: true, note: null } });
      await h.store.writeArchive({ ...h.plainArchive(silver, { owner, updatedAt: at(2) }), metadata: { tier: 'silver', seats: '3' } });
      await h.store.writeArchive(h.plainArchive(bare, { owner, updatedAt: at(1) }));
      const ids = async (metadata: Record<string, string | number | boolean | null>) =>
        (await h.store.listSessions({ owner, metadata })).sessions.map((s) => s.sessionId);
      expect(await ids({ tier: 'gold' })).toEqual([gold]);
      expect(await ids({ seats: 3 })).toEqual([gold]);
      expect(await ids({ seats: '3' })).toEqual([silver]);
      expect(await ids({ beta: true, tier: 'gold' })).toEqual([gold]);
      expect(await ids({ beta: false })).toEqual([]);
      expect(await ids({ note: null })).toEqual([gold]);
      expect(await ids({})).toEqual([gold, silver, bare]);
      const [summary] = (await h.store.listSessions({ owner, metadata: { tier: 'gold' } })).sessions;
      expect(summary!.metadata).toEqual({ tier: 'gold', seats: 3, beta: true, note: null });
    });

    it('refuses bad options with INVALID_ARGUMENT', async () => {
      for (const limit of [0, 1001, 1.5, '5', -1]) await expectSessionError(() => h.store.listSessions({ limit: limit as number }), 'INVALID_ARGUMENT', /limit/);
      for (const cursor of ['not a cursor', Buffer.from('["x"]').toString('base64url'), '']) {
        await expectSessionError(() => h.store.listSessions({ cursor }), 'INVALID_ARGUMENT', /cursor/);
      }
      await expectSessionError(() => h.store.listSessions({ owner: '' }), 'INVALID_ARGUMENT', /owner/);
      await expectSessionError(() => h.store.listSessions({ metadata: { tier: { nested: 1 } } as never }), 'INVALID_ARGUMENT', /metadata/);
      await expectSessionError(() => h.store.listSessions({ metadata: { n: Number.NaN } }), 'INVALID_ARGUMENT', /metadata/);
      await expectSessionError(() => h.store.listSessions(null as never), 'INVALID_ARGUMENT', /options/);
    });
  });
}
