import { describe, expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { numberedItems } from '../items.js';

export function clearSessionSpec(h: Harness): void {
  describe('clearSession', () => {
    it('removes every item and the session can be used again', async () => {
      const { session } = await h.open();
      await session.addItems(numberedItems(7));
      await session.clearSession();
      expect(await session.getItems()).toEqual([]);
      expect(await session.popItem()).toBeUndefined();
      const again = numberedItems(2, 'after clear');
      await session.addItems(again);
      expect(await session.getItems()).toEqual(again);
    });

    it('clearing an empty session is fine', async () => {
      const { session } = await h.open();
      await session.clearSession();
      await session.clearSession();
      expect(await session.getItems()).toEqual([]);
    });

    it('leaves other sessions untouched', async () => {
      const a = await h.open(undefined, 'a');
      const b = await h.open(undefined, 'b');
      const bItems = numberedItems(3, 'b');
      await a.session.addItems(numberedItems(3, 'a'));
      await b.session.addItems(bItems);
      await a.session.clearSession();
      expect(await b.session.getItems()).toEqual([...b.inherited, ...bItems]);
    });

    it.runIf(Boolean(h.target.raw) && h.mode === 'plain')('leaves no rows behind in the tables', async () => {
      const { session, id } = await h.open();
      await session.addItems(numberedItems(3));
      await session.clearSession();
      expect(await h.target.raw!.items(id)).toEqual([]);
    });
  });
}
