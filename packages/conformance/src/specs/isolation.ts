import { describe, expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { numberedItems } from '../items.js';

export function isolationSpec(h: Harness): void {
  describe('isolation and sharing', () => {
    it('sessions with different ids never see each other', async () => {
      const a = await h.open(undefined, 'iso-a');
      const b = await h.open(undefined, 'iso-b');
      const aItems = numberedItems(3, 'a');
      const bItems = numberedItems(2, 'b');
      await a.session.addItems(aItems);
      await b.session.addItems(bItems);
      await b.session.popItem();
      expect(await a.session.getItems()).toEqual([...a.inherited, ...aItems]);
      expect(await b.session.getItems()).toEqual([...b.inherited, ...bItems.slice(0, 1)]);
    });

    it('two objects with the same id on the same store see the same history', async () => {
      const { session, id, inherited } = await h.open();
      const other = await h.connect(id);
      const first = numberedItems(2, 'first object');
      const second = numberedItems(2, 'second object');
      await session.addItems(first);
      expect(await other.getItems()).toEqual([...inherited, ...first]);
      await other.addItems(second);
      expect(await session.getItems()).toEqual([...inherited, ...first, ...second]);
      await session.popItem();
      expect(await other.getItems()).toEqual([...inherited, ...first, ...second.slice(0, 1)]);
      await other.clearSession();
      expect(await session.getItems()).toEqual([]);
    });

    it('closing one object leaves another on the same id working', async () => {
      const { session, id, inherited } = await h.open();
      const other = await h.connect(id);
      await session.close();
      const items = numberedItems(2);
      await other.addItems(items);
      expect(await other.getItems()).toEqual([...inherited, ...items]);
    });
  });
}
