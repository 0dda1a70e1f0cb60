import { MAIN_BRANCH, type AdvancedSessionBase } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { advancedArchive, type StoreHarness } from '../store-harness.js';
import { expectSessionError } from './expect-error.js';

const DAY = 24 * 60 * 60 * 1000;

export function pruneBranchesSpec(h: StoreHarness): void {
  describe('pruneSessions: branchesOlderThan', () => {
    it('removes branches not written for that long with the history only they hold; main and recent branches stay', async () => {
      if (!h.advanced) return;
      const owner = h.owner();
      const old = h.id('prune-branches-old');
      const archive = advancedArchive(old, owner);
      await h.store.writeArchive(archive);
      const recent = h.id('prune-branches-recent');
      const session = h.openWith(recent, { owner }) as AdvancedSessionBase;
      await session.addItems([{ role: 'user', content: 'hello' }]);
      const branch = await session.createBranch();
      await session.switchToBranch(branch);
      await session.addItems([{ role: 'user', content: 'on the branch' }]);
      const main = archive.branches.find((b) => b.branchId === MAIN_BRANCH)!;
      const stored = h.target.raw ? (await h.target.raw.messageRows(old)).length : 0;

      const dry = await h.store.pruneSessions({ branchesOlderThan: 30 * DAY, owner, dryRun: true });
      expect([dry.sessions, dry.branches, dry.usage, dry.dryRun]).toEqual([0, 2, 2, true]);
      expect((await h.store.readArchive(old))?.branches).toHaveLength(3);

      const result = await h.store.pruneSessions({ branchesOlderThan: new Date(Date.now() - 30 * DAY), owner });
      expect({ ...result, dryRun: true, batches: dry.batches }).toEqual(dry);
      expect(result.batches).toBe(1);
      const after = await h.store.readArchive(old);
      expect(after?.branches.map((b) => b.branchId)).toEqual([MAIN_BRANCH]);
      expect(after?.branches[0]?.items.map((item) => JSON.parse(item.data))).toEqual(main.items.map((item) => JSON.parse(item.data)));
      expect(after?.usage.map((u) => u.branchId)).toEqual([MAIN_BRANCH]);
      if (h.target.raw) {
        const left = (await h.target.raw.messageRows(old)).length;
        expect(left).toBe(main.items.length);
        expect(result.items).toBe(stored - left);
      }
      expect((await session.listBranches()).map((b) => b.branchId).sort()).toEqual([branch, MAIN_BRANCH].sort());
      expect(await session.getItems()).toHaveLength(2);
      const again = await h.store.pruneSessions({ branchesOlderThan: 30 * DAY, owner });
      expect([again.branches, again.batches]).toEqual([0, 0]);
    });

    it('is refused by a store without branches', async () => {
      if (h.advanced) return;
      await expectSessionError(() => h.store.pruneSessions({ branchesOlderThan: 30 * DAY }), 'INVALID_ARGUMENT', /branches/);
    });
  });
}
