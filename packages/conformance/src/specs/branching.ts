import { describe, expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { assistantMessage, userMessage } from '../items.js';

/** Cases that only make sense for stores with branches: runs on a branch never leak into main. */
export function branchingSpec(h: Harness): void {
  const branching = h.target.capabilities?.branching;
  describe.runIf(branching !== undefined && h.mode === 'plain')('branching', () => {
    it('a branch starts with the history it forked from and diverges from main', async () => {
      const { session, id } = await h.open();
      const base = [userMessage('q1'), assistantMessage('a1')];
      await session.addItems(base);
      const branchId = await branching!.fork(session);
      await session.addItems([userMessage('branch q2')]);
      expect(await session.getItems()).toEqual([...base, userMessage('branch q2')]);

      const viaHandle = await h.connect(branchId);
      expect(await viaHandle.getItems()).toEqual([...base, userMessage('branch q2')]);

      const main = await h.connect(id);
      expect(await main.getItems()).toEqual(base);
      await main.addItems([userMessage('main q2')]);
      expect(await viaHandle.getItems()).toEqual([...base, userMessage('branch q2')]);

      await branching!.switchToMain(session);
      expect(await session.getItems()).toEqual([...base, userMessage('main q2')]);
    });
  });
}
