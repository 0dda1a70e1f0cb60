import { isSessionHistoryRewriteAwareSession, isSessionHistoryTransactionAwareSession, type Session } from '@openai/agents-core';
import { isSessionError, type SessionErrorCode, type SessionItem } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { assistantMessage, functionCallItem, functionResultItem, numberedItems, userMessage } from '../items.js';
import { againstReference, historyAware } from '../reference.js';

type Transaction = Parameters<ReturnType<typeof historyAware>['applyHistoryTransaction']>[0];

async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function expectRejected(call: Promise<unknown>, code: SessionErrorCode, what: string): Promise<void> {
  const error = await rejection(call);
  expect(isSessionError(error, code), `${what}: expected ${code}, got ${String(error)}`).toBe(true);
}

const append = (operationId: string, items: SessionItem[]): Transaction => ({ operationId, transaction: { type: 'append_items', items } });
const replaceSuffix = (operationId: string, expectedSuffix: SessionItem[], replacement: SessionItem[]): Transaction => ({
  operationId,
  transaction: { type: 'replace_suffix', expectedSuffix, replacement },
});

/** The same item with its keys in another order. */
function reordered(item: SessionItem): SessionItem {
  return Object.fromEntries(Object.entries(item).reverse()) as SessionItem;
}

export function historyTransactionsSpec(h: Harness): void {
  const enabled = h.target.capabilities?.historyCapabilities === true;

  it(`the runner's type guards ${enabled ? 'recognise' : 'do not recognise'} the session's history capabilities`, async () => {
    const { session } = await h.open();
    expect(isSessionHistoryTransactionAwareSession(session as Session)).toBe(enabled);
    expect(isSessionHistoryRewriteAwareSession(session as Session)).toBe(enabled);
    expect(typeof (session as Session).replaceHistoryWithCompaction === 'function').toBe(enabled);
  });

  describe.runIf(enabled)('applyHistoryTransaction', () => {
    it('append_items appends; the same operation again, from another object, changes nothing', async () => {
      const { session, id, inherited } = await h.open();
      const items = [userMessage('question'), functionCallItem('c1', 'lookup', '{}'), functionResultItem('c1', 'lookup', 'found')];
      await historyAware(session).applyHistoryTransaction(append('op-1', items));
      const other = historyAware(await h.connect(id));
      await other.applyHistoryTransaction(append('op-1', items));
      await other.applyHistoryTransaction(append('op-1', items.map(reordered)));
      expect(await session.getItems()).toEqual([...inherited, ...items]);
      if (h.mode === 'plain' && h.target.raw) expect(await h.target.raw.items(id)).toEqual(items);
    });

    it('the same operation sent at once from ten objects is applied once, and none of them fails', async () => {
      const { session, id, inherited } = await h.open();
      const objects = [session, ...(await Promise.all(Array.from({ length: 9 }, () => h.connect(id))))];
      const items = [userMessage('once'), assistantMessage('only once')];
      await Promise.all(objects.map((object) => historyAware(object).applyHistoryTransaction(append('op-race', items))));
      expect(await session.getItems()).toEqual([...inherited, ...items]);
    });

    it('the same operation id with a different transaction is a CONFLICT and changes nothing', async () => {
      const { session, inherited } = await h.open();
      const aware = historyAware(session);
      await aware.applyHistoryTransaction(append('op-1', [userMessage('first')]));
      await expectRejected(aware.applyHistoryTransaction(append('op-1', [userMessage('other')])), 'CONFLICT', 'different items');
      await expectRejected(
        aware.applyHistoryTransaction(replaceSuffix('op-1', [userMessage('first')], [userMessage('first')])),
        'CONFLICT',
        'different type',
      );
      expect(await session.getItems()).toEqual([...inherited, userMessage('first')]);
    });

    it('replace_suffix replaces the newest items when they still match, key order aside', async () => {
      const { session, inherited } = await h.open();
      const aware = historyAware(session);
      const [question, call, result] = [userMessage('q'), functionCallItem('c1', 'lookup', '{}'), functionResultItem('c1', 'lookup', 'withheld')];
      await session.addItems([question, call, result]);
      const accepted = [functionResultItem('c1', 'lookup', 'found'), assistantMessage('answer')];
      await aware.applyHistoryTransaction(replaceSuffix('op-r', [reordered(call), reordered(result)], [call, ...accepted]));
      expect(await session.getItems()).toEqual([...inherited, question, call, ...accepted]);
      // A retry after it was applied is recognised even though the suffix has changed since.
      await aware.applyHistoryTransaction(replaceSuffix('op-r', [call, result], [call, ...accepted]));
      expect(await session.getItems()).toEqual([...inherited, question, call, ...accepted]);
    });

    it('a suffix that no longer matches is a CONFLICT, changes nothing and records nothing', async () => {
      const { session, inherited } = await h.open();
      const aware = historyAware(session);
      const items = numberedItems(3, 'kept');
      await session.addItems(items);
      const stale = replaceSuffix('op-s', [userMessage('kept 1'), userMessage('gone')], [assistantMessage('new')]);
      await expectRejected(aware.applyHistoryTransaction(stale), 'CONFLICT', 'stale suffix');
      const tooLong = replaceSuffix('op-l', [...inherited, ...numberedItems(4, 'kept')], []);
      await expectRejected(aware.applyHistoryTransaction(tooLong), 'CONFLICT', 'suffix longer than the history');
      expect(await session.getItems()).toEqual([...inherited, ...items]);
      // Nothing was recorded: the id applies once the suffix matches.
      await aware.applyHistoryTransaction(replaceSuffix('op-s', [userMessage('kept 2')], [assistantMessage('new')]));
      expect(await session.getItems()).toEqual([...inherited, ...items.slice(0, 2), assistantMessage('new')]);
    });

    it('malformed transactions are refused before anything changes', async () => {
      const { session, inherited } = await h.open();
      const aware = historyAware(session);
      await session.addItems([userMessage('kept')]);
      const bad: [string, unknown, SessionErrorCode][] = [
        ['no arguments', undefined, 'INVALID_ARGUMENT'],
        ['empty operation id', append('', [userMessage('x')]), 'INVALID_ARGUMENT'],
        ['blank operation id', append('  ', [userMessage('x')]), 'INVALID_ARGUMENT'],
        ['operation id of 256 characters', append('o'.repeat(256), [userMessage('x')]), 'INVALID_ARGUMENT'],
        ['unknown type', { operationId: 'op', transaction: { type: 'delete_all', items: [] } }, 'INVALID_ARGUMENT'],
        ['extra field', { operationId: 'op', transaction: { type: 'append_items', items: [], extra: 1 } }, 'INVALID_ARGUMENT'],
        ['items not an array', { operationId: 'op', transaction: { type: 'append_items', items: userMessage('x') } }, 'INVALID_ARGUMENT'],
        ['missing replacement', { operationId: 'op', transaction: { type: 'replace_suffix', expectedSuffix: [] } }, 'INVALID_ARGUMENT'],
        ['an item with a function', append('op', [userMessage('ok'), { role: 'user', content: () => 1 } as never]), 'INVALID_ITEM'],
        ['a replacement with a BigInt', replaceSuffix('op', [], [{ role: 'user', content: 1n } as never]), 'INVALID_ITEM'],
      ];
      for (const [what, args, code] of bad) {
        await expectRejected(aware.applyHistoryTransaction(args as Transaction), code, what);
      }
      expect(await session.getItems()).toEqual([...inherited, userMessage('kept')]);
      // None of them recorded its id.
      await aware.applyHistoryTransaction(append('op', [userMessage('now')]));
      expect(await session.getItems()).toEqual([...inherited, userMessage('kept'), userMessage('now')]);
    });

    it('a sequence of transactions leaves what the SDK MemorySession leaves, refusing where it refuses', async () => {
      const { session, inherited } = await h.open();
      const [a, b, c, d] = [userMessage('a'), functionCallItem('c1', 'f', '{}'), functionResultItem('c1', 'f', 'r'), assistantMessage('d')];
      const steps: Transaction[] = [
        append('1', [a, b]),
        append('1', [a, b]),
        append('2', [c]),
        replaceSuffix('3', [b, c], [b, c, d]),
        replaceSuffix('4', [c], [d]),
        append('2', [d]),
        replaceSuffix('5', [], [a]),
        replaceSuffix('6', [a], []),
        append('7', []),
        replaceSuffix('3', [b, c], [b, c, d]),
      ];
      const { ours, reference } = await againstReference(session, inherited, async (target) => {
        for (const step of steps) {
          const refused = await rejection(Promise.resolve(historyAware(target).applyHistoryTransaction(step)));
          await target.addItems([userMessage(`${step.operationId}: ${refused === undefined ? 'applied' : 'refused'}`)]);
        }
      });
      expect(ours).toEqual(reference);
    });

    it('clearSession forgets operation ids, as the SDK MemorySession does', async () => {
      const { session } = await h.open();
      const aware = historyAware(session);
      await aware.applyHistoryTransaction(append('op-c', [userMessage('before')]));
      await session.clearSession();
      const cleared = await session.getItems();
      await aware.applyHistoryTransaction(append('op-c', [userMessage('before')]));
      expect(await session.getItems()).toEqual([...cleared, userMessage('before')]);
    });

    it('rejects with SESSION_CLOSED after close', async () => {
      const { session } = await h.open();
      await session.close();
      await expectRejected(historyAware(session).applyHistoryTransaction(append('op', [])), 'SESSION_CLOSED', 'closed');
    });
  });
}
