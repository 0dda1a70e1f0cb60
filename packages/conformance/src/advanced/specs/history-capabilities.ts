import { isSessionHistoryRewriteAwareSession, isSessionHistoryTransactionAwareSession } from '@openai/agents';
import type { SessionItem } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { compactionItem } from '../../items.js';
import { assistant, texts, user, useAdvancedStore } from '../fixtures.js';
import type { AdvancedConformanceTarget } from '../target.js';

const call = (callId: string, city: string): SessionItem =>
  ({ type: 'function_call', callId, name: 'weather', arguments: JSON.stringify({ city }), status: 'completed' }) as SessionItem;
const result = (callId: string, text: string): SessionItem =>
  ({ type: 'function_call_result', callId, name: 'weather', status: 'completed', output: { type: 'text', text } }) as SessionItem;

export function historyCapabilitiesSpec(target: AdvancedConformanceTarget): void {
  describe(`the runner's history capabilities on branches: ${target.name}`, () => {
    const db = useAdvancedStore(target);

    it("the runner's type guards recognise an advanced session", () => {
      const session = db.open('conv');
      expect(isSessionHistoryTransactionAwareSession(session)).toBe(true);
      expect(isSessionHistoryRewriteAwareSession(session)).toBe(true);
    });

    it('replacing a suffix another branch inherits changes only the current branch; turns go on', async () => {
      const session = db.open('conv');
      const history = [user('q1'), assistant('a1'), user('q2'), assistant('a2')];
      await session.addItems(history);
      const fork = await session.createBranch('fork');
      await session.switchToBranch('main');
      await session.applyHistoryTransaction({
        operationId: 'op-1',
        transaction: { type: 'replace_suffix', expectedSuffix: history.slice(1), replacement: [assistant('a1, better'), user('q2b')] },
      });
      expect(await session.getItems()).toEqual([user('q1'), assistant('a1, better'), user('q2b')]);
      expect((await session.getConversationTurns()).map((t) => [t.turn, t.content])).toEqual([
        [1, 'q1'],
        [2, 'q2b'],
      ]);
      await session.addItems([user('q3')]);
      expect(await session.getCurrentTurn()).toBe(3);
      // The same operation again changes nothing.
      await session.applyHistoryTransaction({
        operationId: 'op-1',
        transaction: { type: 'replace_suffix', expectedSuffix: history.slice(1), replacement: [assistant('a1, better'), user('q2b')] },
      });
      expect(texts(await session.getItems())).toEqual(['q1', 'a1, better', 'q2b', 'q3']);

      const branch = db.open(fork);
      expect(await branch.getItems()).toEqual(history);
      expect(await branch.getCurrentTurn()).toBe(2);
    });

    it('replacing a function call another branch inherits changes only the current branch', async () => {
      const session = db.open('conv');
      const history = [user('weather?'), call('c1', 'Paris'), result('c1', 'Sunny'), call('c1', 'Paris'), assistant('Sunny.')];
      await session.addItems(history);
      const fork = await session.createBranch();
      await session.applyHistoryMutations({ mutations: [{ type: 'replace_function_call', callId: 'c1', replacement: call('c1', 'Lyon') as never }] });
      expect(await session.getItems()).toEqual([user('weather?'), call('c1', 'Lyon'), result('c1', 'Sunny'), assistant('Sunny.')]);
      await session.switchToBranch('main');
      expect(await session.getItems()).toEqual(history);
      // On a branch's own rows the edit is made in place, and the tool usage follows it.
      await session.switchToBranch(fork);
      await session.addItems([call('c2', 'Rome')]);
      await session.applyHistoryMutations({ mutations: [{ type: 'replace_function_call', callId: 'c2', replacement: call('c2', 'Nice') as never }] });
      expect((await session.getItems()).at(-1)).toEqual(call('c2', 'Nice'));
      expect(await session.getToolUsage()).toEqual([{ toolName: 'weather', count: 2, turn: 1 }]);
    });

    it('a compaction on one branch leaves the branch it was forked from as it was', async () => {
      const session = db.open('conv');
      await session.addItems([user('q1'), assistant('a1')]);
      const fork = await session.createBranch();
      await session.replaceHistoryWithCompaction([compactionItem('q1 a1')]);
      expect(await session.getItems()).toEqual([compactionItem('q1 a1')]);
      await session.switchToBranch('main');
      expect(await session.getItems()).toEqual([user('q1'), assistant('a1')]);
      await session.switchToBranch(fork);
      expect((await session.getConversationTurns()).map((t) => t.content)).toEqual(['q1']);
      // Popping the compaction leaves nothing to replay; the transcript stays.
      expect(await session.popItem()).toEqual(compactionItem('q1 a1'));
      expect(await session.getItems()).toEqual([]);
      expect(await session.getCurrentTurn()).toBe(1);
    });
  });
}
