import { MAIN_BRANCH } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { advancedArchive, type StoreHarness } from '../store-harness.js';
import { expectSessionError } from './expect-error.js';

const texts = (rows: { turn: number; data: string }[]) =>
  rows.map((row) => {
    const item = JSON.parse(row.data) as { content: string | { text: string }[] };
    return [row.turn, typeof item.content === 'string' ? item.content : item.content[0]!.text];
  });

export function readTurnsSpec(h: StoreHarness): void {
  describe('readTurns and sumUsage', () => {
    it('reads only the turns asked for, each item with its turn and stored text', async () => {
      const id = h.id('turns');
      const archive = h.plainArchive(id, { count: 5 });
      await h.store.writeArchive(archive);
      const items = archive.branches[0]!.items;
      expect(texts(await h.store.readTurns(id, MAIN_BRANCH, { fromTurn: 2, toTurn: 2 }))).toEqual([
        [2, 'question 2 ✓ 🦄 \u0000'],
        [2, 'answer 3'],
      ]);
      const all = await h.store.readTurns(id, MAIN_BRANCH, { fromTurn: 0, toTurn: 99 });
      expect(all.map((row) => row.turn)).toEqual([1, 1, 2, 2, 3]);
      expect(all.map((row) => JSON.parse(row.data) as unknown)).toEqual(items.map((item) => JSON.parse(item.data) as unknown));
      all.forEach((row, i) => expect(Date.parse(row.createdAt)).toBe(Date.parse(items[i]!.createdAt)));
      expect(await h.store.readTurns(id, MAIN_BRANCH, { fromTurn: 4, toTurn: 9 })).toEqual([]);
    });

    it('reads what a session object wrote', async () => {
      const id = h.id('turns-opened');
      await h.open(id).addItems([
        { role: 'user', content: 'one' },
        { role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'first answer' }] },
        { role: 'user', content: 'two' },
      ] as never);
      expect(texts(await h.store.readTurns(id, MAIN_BRANCH, { fromTurn: 2, toTurn: 2 }))).toEqual([[2, 'two']]);
    });

    it('reads main of an unknown session as empty, and refuses an unknown branch and a bad range', async () => {
      expect(await h.store.readTurns(h.id('unknown'), MAIN_BRANCH, { fromTurn: 0, toTurn: 5 })).toEqual([]);
      const id = h.id('turns-branchless');
      await h.store.writeArchive(h.plainArchive(id));
      await expectSessionError(() => h.store.readTurns(id, `no-such-branch-${id}`, { fromTurn: 0, toTurn: 5 }), 'NOT_FOUND');
      await expectSessionError(() => h.store.readTurns(id, MAIN_BRANCH, { fromTurn: -1, toTurn: 5 }), 'INVALID_ARGUMENT');
    });

    it('reads a branch as it reads itself, inherited turns included (advanced stores)', async () => {
      if (!h.advanced) return;
      const id = h.id('turns-branches');
      const archive = advancedArchive(id, null);
      await h.store.writeArchive(archive);
      const [, alt, deeper] = archive.branches;
      expect(texts(await h.store.readTurns(id, alt!.branchId, { fromTurn: 2, toTurn: 2 }))).toEqual([
        [2, 'And in Rome?'],
        [2, 'Warm in Rome.'],
      ]);
      expect((await h.store.readTurns(id, alt!.branchId, { fromTurn: 1, toTurn: 1 })).map((row) => row.turn)).toEqual([1, 1, 1, 1]);
      expect(texts(await h.store.readTurns(id, deeper!.branchId, { fromTurn: 2, toTurn: 3 }))).toEqual([
        [2, 'And in Rome?'],
        [2, 'Warm in Rome.'],
        [3, 'Pack for both?'],
        [3, 'An umbrella and sunglasses.'],
      ]);
    });

    it('sums usage per group over a session, branch and turn range (advanced stores; none on a plain one)', async () => {
      const id = h.id('usage');
      if (!h.advanced) {
        await h.store.writeArchive(h.plainArchive(id));
        expect(await h.store.sumUsage({ by: [], sessionId: id })).toEqual([]);
        return;
      }
      const archive = advancedArchive(id, null);
      await h.store.writeArchive(archive);
      const byBranch = await h.store.sumUsage({ by: ['branchId'], sessionId: id });
      expect(byBranch.map((row) => [row.branchId, row.runs, row.totalTokens]).sort()).toEqual(archive.branches.map((b) => [b.branchId, 1, 320]).sort());
      expect(await h.store.sumUsage({ by: [], sessionId: id, fromTurn: 2 })).toMatchObject([{ runs: 2, requests: 4, inputTokens: 560, cachedInputTokens: 80, totalTokens: 640 }]);
      expect(await h.store.sumUsage({ by: ['turn', 'model'], sessionId: id, branchId: MAIN_BRANCH })).toMatchObject([{ turn: 1, model: 'gpt-4.1', runs: 1, outputTokens: 40 }]);
      expect(await h.store.sumUsage({ by: [], sessionId: h.id('no-usage') })).toEqual([]);
      await expectSessionError(() => h.store.sumUsage({ by: ['session_id' as never] }), 'INVALID_ARGUMENT');
    });
  });
}
