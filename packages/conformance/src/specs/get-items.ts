import { isSessionError } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { numberedItems, textOf } from '../items.js';

export function getItemsSpec(h: Harness): void {
  describe('getItems', () => {
    it('returns every item oldest first, across batches', async () => {
      const { session, inherited } = await h.open();
      const first = numberedItems(3, 'first');
      const second = numberedItems(4, 'second');
      await session.addItems(first);
      await session.addItems(second);
      expect(await session.getItems()).toEqual([...inherited, ...first, ...second]);
    });

    it('with a limit returns the latest items, still oldest first', async () => {
      const { session, inherited } = await h.open();
      const items = numberedItems(10);
      await session.addItems(items);
      const all = [...inherited, ...items];
      expect(await session.getItems(3)).toEqual(all.slice(-3));
      expect(await session.getItems(1)).toEqual(all.slice(-1));
      expect(await session.getItems(all.length + 5)).toEqual(all);
      expect(await session.getItems(all.length)).toEqual(all);
    });

    it('a limit of 0 gives an empty list', async () => {
      const { session } = await h.open();
      await session.addItems(numberedItems(2));
      expect(await session.getItems(0)).toEqual([]);
    });

    it('rejects a negative or non-integer limit with INVALID_ARGUMENT', async () => {
      const { session } = await h.open();
      for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3' as unknown as number]) {
        const error = await session.getItems(bad).catch((e: unknown) => e);
        expect(isSessionError(error, 'INVALID_ARGUMENT'), `limit ${String(bad)}`).toBe(true);
        expect(String((error as Error).message)).toMatch(/limit/);
      }
    });

    it('an empty session returns an empty list', async () => {
      if (h.mode === 'branch') return;
      const { session } = await h.open();
      expect(await session.getItems()).toEqual([]);
      expect(await session.getItems(5)).toEqual([]);
    });

    it('sessionSettings.limit is the default and an explicit limit wins', async () => {
      const { session, inherited } = await h.open({ sessionSettings: { limit: 2 } });
      const items = numberedItems(6);
      await session.addItems(items);
      const all = [...inherited, ...items];
      expect((await session.getItems()).map(textOf)).toEqual(all.slice(-2).map(textOf));
      expect(await session.getItems(4)).toEqual(all.slice(-4));
      expect(await session.getItems(0)).toEqual([]);
    });

    it('rejects invalid sessionSettings.limit when the session is created', async () => {
      const error = await Promise.resolve()
        .then(() => h.connect(h.newId('settings'), { sessionSettings: { limit: -2 } }))
        .catch((e: unknown) => e);
      expect(isSessionError(error, 'INVALID_ARGUMENT')).toBe(true);
    });
  });
}
