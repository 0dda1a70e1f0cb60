import { isSessionError, type SessionErrorCode, type SessionItem } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { assistantMessage, compactionItem, functionCallItem, functionResultItem, numberedItems, userMessage } from '../items.js';
import { againstReference, historyAware } from '../reference.js';

type Mutations = Parameters<ReturnType<typeof historyAware>['applyHistoryMutations']>[0];

async function expectRejected(call: Promise<unknown>, code: SessionErrorCode, what: string): Promise<void> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isSessionError(error, code), `${what}: expected ${code}, got ${String(error)}`).toBe(true);
}

const replaceCall = (callId: string, args: string): Mutations['mutations'][number] => ({
  type: 'replace_function_call',
  callId,
  replacement: functionCallItem(callId, 'lookup', args) as Mutations['mutations'][number]['replacement'],
});

export function historyRewritesSpec(h: Harness): void {
  describe.runIf(h.target.capabilities?.historyCapabilities === true)('applyHistoryMutations and replaceHistoryWithCompaction', () => {
    it('replace_function_call replaces the first call with the id, drops later ones, as the SDK MemorySession does', async () => {
      const { session, inherited } = await h.open();
      const history: SessionItem[] = [
        userMessage('q'),
        functionCallItem('c1', 'lookup', '{"q":1}'),
        functionResultItem('c1', 'lookup', 'r1'),
        functionCallItem('c2', 'lookup', '{"q":2}'),
        functionCallItem('c1', 'lookup', '{"q":"again"}'),
        assistantMessage('done'),
      ];
      const { ours, reference } = await againstReference(session, inherited, async (target) => {
        await target.addItems(history);
        await historyAware(target).applyHistoryMutations({ mutations: [replaceCall('c1', '{"q":"fixed"}'), replaceCall('missing', '{}')] });
        await historyAware(target).applyHistoryMutations({ mutations: [] });
      });
      expect(ours).toEqual(reference);
      expect(ours.history.slice(inherited.length)).toHaveLength(5);
    });

    it('mutations apply in order, each seeing the one before', async () => {
      const { session, inherited } = await h.open();
      const { ours, reference } = await againstReference(session, inherited, async (target) => {
        await target.addItems([functionCallItem('a', 'lookup', '{}'), functionCallItem('b', 'lookup', '{}')]);
        const renamed = { ...functionCallItem('b', 'lookup', '{"from":"a"}') } as Mutations['mutations'][number]['replacement'];
        await historyAware(target).applyHistoryMutations({
          mutations: [{ type: 'replace_function_call', callId: 'a', replacement: renamed }, replaceCall('b', '{"last":true}')],
        });
      });
      expect(ours).toEqual(reference);
    });

    it('malformed mutations are refused and change nothing', async () => {
      const { session, inherited } = await h.open();
      const stored = [functionCallItem('c1', 'lookup', '{}')];
      await session.addItems(stored);
      const aware = historyAware(session);
      const bad: [string, unknown][] = [
        ['no arguments', undefined],
        ['mutations not an array', { mutations: replaceCall('c1', '{}') }],
        ['unknown mutation type', { mutations: [{ type: 'drop_call', callId: 'c1' }] }],
        ['empty call id', { mutations: [{ ...replaceCall('c1', '{}'), callId: '' }] }],
        ['replacement not a function call', { mutations: [{ ...replaceCall('c1', '{}'), replacement: userMessage('x') }] }],
        ['a valid mutation followed by a bad one', { mutations: [replaceCall('c1', '{"x":1}'), { type: 'drop_call' }] }],
      ];
      for (const [what, args] of bad) await expectRejected(aware.applyHistoryMutations(args as Mutations), 'INVALID_ARGUMENT', what);
      await expectRejected(
        aware.applyHistoryMutations({ mutations: [{ ...replaceCall('c1', '{}'), replacement: { type: 'function_call', callId: 'c1', arguments: () => 1 } as never }] }),
        'INVALID_ITEM',
        'replacement with a function',
      );
      expect(await session.getItems()).toEqual([...inherited, ...stored]);
    });

    it('replaceHistoryWithCompaction replaces the whole history with the compacted items', async () => {
      const { session, id } = await h.open();
      await session.addItems(numberedItems(5, 'old'));
      const compacted = [compactionItem('summary of old'), userMessage('old 4')];
      await historyAware(session).replaceHistoryWithCompaction(compacted);
      expect(await session.getItems()).toEqual(compacted);
      expect(await (await h.connect(id)).getItems()).toEqual(compacted);
      if (h.mode === 'plain' && h.target.raw) expect(await h.target.raw.items(id)).toEqual(compacted);
      await session.addItems([assistantMessage('after')]);
      expect(await session.getItems()).toEqual([...compacted, assistantMessage('after')]);
    });

    it('replaceHistoryWithCompaction keeps operation ids: a retried transaction is still recognised', async () => {
      const { session } = await h.open();
      const aware = historyAware(session);
      const transaction = { operationId: 'op-before', transaction: { type: 'append_items' as const, items: [userMessage('q')] } };
      await aware.applyHistoryTransaction(transaction);
      const compacted = [compactionItem('summary')];
      await aware.replaceHistoryWithCompaction(compacted);
      await aware.applyHistoryTransaction(transaction);
      expect(await session.getItems()).toEqual(compacted);
    });

    it('replaceHistoryWithCompaction refuses items that do not start with a compaction item, or are not JSON', async () => {
      const { session, inherited } = await h.open();
      await session.addItems([userMessage('kept')]);
      const aware = historyAware(session);
      await expectRejected(aware.replaceHistoryWithCompaction([]), 'INVALID_ARGUMENT', 'empty');
      await expectRejected(aware.replaceHistoryWithCompaction([userMessage('x'), compactionItem('s')]), 'INVALID_ARGUMENT', 'compaction not first');
      await expectRejected(aware.replaceHistoryWithCompaction('x' as never), 'INVALID_ARGUMENT', 'not an array');
      await expectRejected(aware.replaceHistoryWithCompaction([compactionItem('s'), { role: 'user', content: NaN } as never]), 'INVALID_ITEM', 'NaN');
      expect(await session.getItems()).toEqual([...inherited, userMessage('kept')]);
    });

    it('both reject with SESSION_CLOSED after close', async () => {
      const { session } = await h.open();
      await session.close();
      await expectRejected(historyAware(session).applyHistoryMutations({ mutations: [] }), 'SESSION_CLOSED', 'mutations');
      await expectRejected(historyAware(session).replaceHistoryWithCompaction([compactionItem('s')]), 'SESSION_CLOSED', 'compaction');
    });
  });
}
