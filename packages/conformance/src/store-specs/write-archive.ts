import { MAIN_BRANCH } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { advancedArchive, comparable, type StoreHarness } from '../store-harness.js';
import { expectSessionError } from './expect-error.js';

export function writeArchiveSpec(h: StoreHarness): void {
  describe('writeArchive', () => {
    it('refuses a session that exists with CONFLICT, leaving it as it was, and overwrites it with replace', async () => {
      const id = h.id('conflict');
      const first = h.plainArchive(id, { owner: h.owner(), count: 2 });
      const second = h.plainArchive(id, { owner: h.owner(), count: 4, at: '2025-01-01T00:00:00.000Z' });
      await h.store.writeArchive(first);
      await expectSessionError(() => h.store.writeArchive(second), 'CONFLICT', /exists/);
      expect(comparable((await h.store.readArchive(id))!)).toEqual(comparable(first));
      await h.store.writeArchive(second, { replace: true });
      expect(comparable((await h.store.readArchive(id))!)).toEqual(comparable(second));
      if (h.target.raw) expect(await h.target.raw.messageRows(id)).toHaveLength(4);
    });

    it('refuses a session that a session object is writing to, as CONFLICT', async () => {
      const id = h.id('live');
      await h.open(id).addItems([{ role: 'user', content: 'live' }]);
      await expectSessionError(() => h.store.writeArchive(h.plainArchive(id)), 'CONFLICT');
      expect((await h.store.readArchive(id))!.branches[0]!.items).toHaveLength(1);
    });

    it('refuses what a plain store cannot hold with INVALID_ARGUMENT, writing nothing', async () => {
      if (h.advanced) return;
      const id = h.id('refused');
      const full = advancedArchive(id, h.owner());
      const mainOnly = { ...full, metadata: null, usage: [], branches: full.branches.filter((b) => b.branchId === MAIN_BRANCH) };
      await expectSessionError(() => h.store.writeArchive(full), 'INVALID_ARGUMENT', /branch/);
      await expectSessionError(() => h.store.writeArchive({ ...mainOnly, metadata: { a: 1 } }), 'INVALID_ARGUMENT', /metadata/);
      await expectSessionError(() => h.store.writeArchive({ ...mainOnly, usage: full.usage.filter((u) => u.branchId === MAIN_BRANCH) }), 'INVALID_ARGUMENT', /usage/);
      expect(await h.store.readArchive(id)).toBeUndefined();
      await h.store.writeArchive(mainOnly);
      expect(comparable((await h.store.readArchive(id))!)).toEqual(comparable(mainOnly));
    });

    it('refuses a malformed archive, naming what is wrong, writing nothing', async () => {
      const id = h.id('malformed');
      const good = h.plainArchive(id);
      const main = good.branches[0]!;
      const cases: [unknown, RegExp][] = [
        [null, /object/],
        [{ ...good, sessionId: '' }, /sessionId/],
        [{ ...good, owner: '' }, /owner/],
        [{ ...good, createdAt: 'yesterday' }, /createdAt/],
        [{ ...good, branches: [{ ...main, items: [{ data: '{}', createdAt: 'soon' }] }] }, /items\[0\]/],
        [{ ...good, usage: [{ branchId: 'elsewhere' }] }, /usage\[0\]/],
      ];
      for (const [archive, message] of cases) await expectSessionError(() => h.store.writeArchive(archive as never), 'INVALID_ARGUMENT', message);
      await expectSessionError(() => h.store.writeArchive({ ...good, branches: [{ ...main, items: [{ data: 'not json', createdAt: main.items[0]!.createdAt }] }] }), 'CORRUPT_ITEM');
      expect(await h.store.readArchive(id)).toBeUndefined();
      if (h.target.raw) expect(await h.target.raw.sessionRow(id)).toBeUndefined();
    });

    it('refuses an archive whose branch id another session uses, as CONFLICT, writing nothing (advanced stores)', async () => {
      if (!h.advanced) return;
      const taken = advancedArchive(h.id('taken'), null);
      await h.store.writeArchive(taken);
      const id = h.id('clash');
      const clash = { ...taken, sessionId: id };
      await expectSessionError(() => h.store.writeArchive(clash), 'CONFLICT');
      expect(await h.store.readArchive(id)).toBeUndefined();
      await expectSessionError(() => h.store.writeArchive({ ...h.plainArchive(taken.branches[1]!.branchId) }), 'CONFLICT', /branch/);
    });
  });
}
