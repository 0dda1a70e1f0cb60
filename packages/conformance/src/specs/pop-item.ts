import { describe, expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { numberedItems } from '../items.js';

export function popItemSpec(h: Harness): void {
  describe('popItem', () => {
    it('removes and returns the newest item, until the session is empty', async () => {
      const { session, inherited } = await h.open();
      const items = numberedItems(5);
      await session.addItems(items);
      const all = [...inherited, ...items];
      for (let i = all.length - 1; i >= 0; i--) {
        expect(await session.popItem()).toEqual(all[i]);
        expect(await session.getItems()).toEqual(all.slice(0, i));
      }
      expect(await session.popItem()).toBeUndefined();
      expect(await session.popItem()).toBeUndefined();
    });

    it('an emptied session accepts new items', async () => {
      const { session, inherited } = await h.open();
      await session.addItems(numberedItems(2));
      for (let i = 0; i < inherited.length + 2; i++) await session.popItem();
      const again = numberedItems(2, 'again');
      await session.addItems(again);
      expect(await session.getItems()).toEqual(again);
    });

    it('concurrent pops on two objects return each item exactly once', async () => {
      const { session, id, inherited } = await h.open();
      const items = numberedItems(20, 'pop');
      await session.addItems(items);
      const other = await h.connect(id);
      const popped = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? session : other).popItem()),
      );
      const found = popped.filter((item) => item !== undefined).map((item) => JSON.stringify(item));
      const expected = [...inherited, ...items].map((item) => JSON.stringify(item));
      expect(new Set(found).size).toBe(found.length);
      expect(found.sort()).toEqual(expected.slice(-found.length).sort());
      expect(found.length).toBe(Math.min(30, expected.length));
      expect(await session.getItems()).toEqual([...inherited, ...items].slice(0, expected.length - found.length));
    });

    it.runIf(Boolean(h.target.raw) && h.mode === 'plain')('deletes the row from the tables', async () => {
      const { session, id } = await h.open();
      const items = numberedItems(3);
      await session.addItems(items);
      await session.popItem();
      expect(await h.target.raw!.items(id)).toEqual(items.slice(0, 2));
    });
  });
}
