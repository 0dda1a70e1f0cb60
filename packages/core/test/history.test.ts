import { isSessionError, MemorySession, MemorySessionStore, serializeItems } from '@sessions/core';
import { describe, expect, it } from 'vitest';

const call = (callId: string, args: string) => ({ type: 'function_call' as const, callId, name: 'lookup', arguments: args });

async function caught(call: Promise<unknown>): Promise<Error> {
  return call.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}

describe('serializeItems naming where the items came from', () => {
  it('names the field and the index of the bad item', () => {
    let error: unknown;
    try {
      serializeItems('s', [{ role: 'user', content: 'ok' }, { role: 'user', content: [undefined] }], { operation: 'applyHistoryTransaction', field: 'transaction.items' });
    } catch (e) {
      error = e;
    }
    expect(isSessionError(error, 'INVALID_ITEM')).toBe(true);
    expect((error as Error).message).toBe(
      'session "s": applyHistoryTransaction rejected transaction.items[1]: item.content[0] is undefined; nothing was changed',
    );
  });
});

describe('history capabilities of MemorySession', () => {
  it('names the operation id of a conflicting retry', async () => {
    const session = new MemorySession('s');
    await session.applyHistoryTransaction({ operationId: 'run:1', transaction: { type: 'append_items', items: [{ role: 'user', content: 'a' }] } });
    const error = await caught(
      session.applyHistoryTransaction({ operationId: 'run:1', transaction: { type: 'append_items', items: [{ role: 'user', content: 'b' }] } }),
    );
    expect(isSessionError(error, 'CONFLICT')).toBe(true);
    expect(error.message).toContain('operation "run:1" was already applied with a different transaction');
  });

  it('a mutation edits rows in place: other rows keep their position, removed duplicates go', async () => {
    const store = new MemorySessionStore();
    const session = new MemorySession('s', { store });
    await session.addItems([call('a', '1'), { role: 'user', content: 'between' }, call('a', '2'), call('b', '3')]);
    await session.applyHistoryMutations({ mutations: [{ type: 'replace_function_call', callId: 'a', replacement: call('a', 'fixed') }] });
    expect(store.rows('s').map((row) => JSON.parse(row) as unknown)).toEqual([call('a', 'fixed'), { role: 'user', content: 'between' }, call('b', '3')]);
  });

  it('a text match that is not a function call of that id is left alone', async () => {
    const session = new MemorySession('s');
    const lookalike = { type: 'function_call_result', callId: 'a', name: 'lookup', status: 'completed', output: 'mentions "function_call"' };
    await session.addItems([lookalike as never]);
    await session.applyHistoryMutations({ mutations: [{ type: 'replace_function_call', callId: 'a', replacement: call('a', 'x') }] });
    expect(await session.getItems()).toEqual([lookalike]);
  });

  it('clearSession forgets operation ids; a compaction keeps them', async () => {
    const session = new MemorySession('s');
    const args = { operationId: 'op', transaction: { type: 'append_items' as const, items: [{ role: 'user' as const, content: 'q' }] } };
    await session.applyHistoryTransaction(args);
    await session.replaceHistoryWithCompaction([{ type: 'compaction', encrypted_content: 'x' }]);
    await session.applyHistoryTransaction(args);
    expect(await session.getItems()).toHaveLength(1);
    await session.clearSession();
    await session.applyHistoryTransaction(args);
    expect(await session.getItems()).toEqual([{ role: 'user', content: 'q' }]);
  });
});
