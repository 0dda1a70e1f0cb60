import { isSessionError, type SessionItem } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { numberedItems, userMessage } from '../items.js';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

function cyclic(): SessionItem {
  const item: Record<string, unknown> = { type: 'message', role: 'user', content: 'loop' };
  item.self = item;
  return item as SessionItem;
}

/** Batches whose item at `badIndex` must be refused. */
const invalidBatches: { label: string; bad: unknown }[] = [
  { label: 'undefined', bad: undefined },
  { label: 'null', bad: null },
  { label: 'a function', bad: () => 1 },
  { label: 'a BigInt field', bad: { type: 'message', role: 'user', content: 'n', n: 10n } },
  { label: 'a cycle', bad: cyclic() },
  { label: 'a string', bad: 'hello' },
  { label: 'an array', bad: [userMessage('inside an array')] },
  { label: 'a class instance', bad: new Point(1, 2) },
  { label: 'a Date field', bad: { type: 'message', role: 'user', content: 'd', at: new Date(0) } },
  { label: 'a NaN field', bad: { type: 'message', role: 'user', content: 'nan', score: Number.NaN } },
  { label: 'a function field', bad: { type: 'message', role: 'user', content: 'f', run: () => 1 } },
];

export function addItemsSpec(h: Harness): void {
  describe('addItems', () => {
    it('appends in the given order', async () => {
      const { session, inherited } = await h.open();
      const items = numberedItems(25);
      await session.addItems(items);
      expect(await session.getItems()).toEqual([...inherited, ...items]);
    });

    it('an empty batch stores nothing', async () => {
      const { session, inherited } = await h.open();
      await session.addItems([]);
      expect(await session.getItems()).toEqual(inherited);
    });

    for (const { label, bad } of invalidBatches) {
      it(`rejects a batch holding ${label}, naming its index, and stores nothing of it`, async () => {
        const { session, id, inherited } = await h.open();
        const before = [userMessage('kept')];
        await session.addItems(before);
        const batch = [userMessage('good 0'), userMessage('good 1'), bad, userMessage('good 3')] as SessionItem[];
        const error = await session.addItems(batch).catch((e: unknown) => e);
        expect(isSessionError(error, 'INVALID_ITEM'), String(error)).toBe(true);
        expect((error as { index?: number }).index).toBe(2);
        expect((error as Error).message).toContain('item 2');
        expect((error as Error).message).toContain(await session.getSessionId());
        expect(await session.getItems()).toEqual([...inherited, ...before]);
        if (h.mode === 'plain' && h.target.raw) expect(await h.target.raw.items(id)).toEqual(before);
      });
    }

    it('rejects a batch that is not an array with INVALID_ARGUMENT', async () => {
      const { session, inherited } = await h.open();
      const error = await session.addItems(userMessage('lonely') as unknown as SessionItem[]).catch((e: unknown) => e);
      expect(isSessionError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect(await session.getItems()).toEqual(inherited);
    });

    it('50 concurrent calls on one session are all stored, each batch contiguous', async () => {
      const { session, inherited } = await h.open();
      const batches = Array.from({ length: 50 }, (_, b) => numberedItems(3, `batch ${b} item`));
      await Promise.all(batches.map((batch) => session.addItems(batch)));
      const stored = (await session.getItems()).slice(inherited.length);
      expect(stored).toHaveLength(150);
      for (let i = 0; i < stored.length; i += 3) {
        const tag = JSON.stringify(stored[i]).match(/batch (\d+) item 0/);
        expect(tag, `item ${i} opens a batch`).not.toBeNull();
        const batch = batches[Number(tag![1])]!;
        expect(stored.slice(i, i + 3)).toEqual(batch);
      }
    });

    it.runIf(Boolean(h.target.raw) && h.mode === 'plain')('writes rows that a raw read of the tables returns', async () => {
      const { session, id } = await h.open();
      const items = numberedItems(4, 'raw');
      expect(await h.target.raw!.sessionExists(id)).toBe(false);
      await session.addItems(items);
      expect(await h.target.raw!.sessionExists(id)).toBe(true);
      expect(await h.target.raw!.items(id)).toEqual(items);
    });
  });
}
