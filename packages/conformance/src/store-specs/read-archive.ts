import { MAIN_BRANCH } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { advancedArchive, comparable, sameInstant, type StoreHarness } from '../store-harness.js';

export function readArchiveSpec(h: StoreHarness): void {
  describe('readArchive', () => {
    it('gives back a written session item by item and row by row, with its owner and timestamps', async () => {
      const owner = h.owner();
      const id = h.id('round-trip');
      const archive = h.plainArchive(id, { owner, count: 5 });
      await h.store.writeArchive(archive);
      const read = await h.store.readArchive(id);
      expect(comparable(read!)).toEqual(comparable(archive));
      if (h.target.raw) {
        const row = await h.target.raw.sessionRow(id);
        expect(row?.owner).toBe(owner);
        sameInstant(row!.createdAt, archive.createdAt);
        sameInstant(row!.updatedAt, archive.updatedAt);
        const rows = await h.target.raw.messageRows(id);
        const items = archive.branches[0]!.items;
        expect(rows.map((r) => JSON.parse(r.data) as unknown)).toEqual(items.map((i) => JSON.parse(i.data) as unknown));
        rows.forEach((r, i) => sameInstant(r.createdAt, items[i]!.createdAt));
      }
    });

    it('reads a session that holds no item as one without branches', async () => {
      const id = h.id('empty');
      await h.store.writeArchive(h.plainArchive(id, { count: 0 }));
      const read = await h.store.readArchive(id);
      expect(read).toMatchObject({ sessionId: id, owner: null, branches: [], usage: [] });
    });

    it('reads what a session object wrote, with the owner it was created with', async () => {
      const owner = h.owner();
      const id = h.id('opened');
      const items = [{ role: 'user', content: 'first' }, { type: 'function_call', callId: 'c1', name: 'lookup', arguments: '{"q":"x"}', status: 'completed' }];
      await h.open(id, owner).addItems(items as never);
      const read = await h.store.readArchive(id);
      expect(read?.owner).toBe(owner);
      expect(read?.branches.map((b) => b.branchId)).toEqual([MAIN_BRANCH]);
      expect(read?.branches[0]!.items.map((i) => JSON.parse(i.data) as unknown)).toEqual(items);
      for (const item of read!.branches[0]!.items) expect(Number.isNaN(Date.parse(item.createdAt))).toBe(false);
    });

    it('gives back branches, usage and metadata exactly (advanced stores)', async () => {
      if (!h.advanced) return;
      const owner = h.owner();
      const id = h.id('advanced');
      const archive = advancedArchive(id, owner);
      await h.store.writeArchive(archive);
      const read = await h.store.readArchive(id);
      expect(comparable(read!)).toEqual(comparable(archive));
      if (h.target.raw) {
        // Branches share the history they have in common: stored once, not per branch.
        const rows = await h.target.raw.messageRows(id);
        expect(rows.length).toBe(6 + 2 + 2);
      }
    });

    it('is undefined for an unknown session', async () => {
      expect(await h.store.readArchive(h.id('unknown'))).toBeUndefined();
    });
  });
}
