import { AdvancedPostgresSession } from '@sessions/postgres';
import { isSessionError, type SessionItem } from '@sessions/core';
import { requireServer } from '@sessions/test-servers';
import { describe, expect, it } from 'vitest';
import { assistant, texts, useAdvancedDatabase, user } from './support/advanced.js';

const serverAvailable = await requireServer('postgres', 'AdvancedPostgresSession branching tests');

describe.runIf(serverAvailable)('AdvancedPostgresSession: branching (ported from advanced-sqlite)', () => {
  const db = useAdvancedDatabase('adv_branching');

  /** `count` turns of a user question and an assistant answer. */
  function turns(count: number, tag = 't'): SessionItem[] {
    return Array.from({ length: count }, (_, i) => [user(`${tag}${i + 1} q`), assistant(`${tag}${i + 1} a`)]).flat();
  }

  async function rawCount(table: string): Promise<number> {
    return (await db.pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  }

  async function errorOf(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => undefined,
      (e: unknown) => e,
    );
  }

  describe('branches', () => {
    it('createBranchFromTurn(n) holds turns 1..n-1, switches to the branch and copies no row', async () => {
      const session = db.open('conv');
      await session.addItems([{ role: 'system', content: 'preamble' } as SessionItem, ...turns(3)]);
      const rowsBefore = await rawCount('agent_messages');
      const branchId = await session.createBranchFromTurn(3);
      expect(await rawCount('agent_messages')).toBe(rowsBefore);
      expect(await session.getCurrentBranchId()).toBe(branchId);
      expect(texts(await session.getItems())).toEqual(['preamble', 't1 q', 't1 a', 't2 q', 't2 a']);
      expect(await session.getCurrentTurn()).toBe(2);
      expect((await session.listBranches()).find((b) => b.branchId === branchId)).toMatchObject({ fromTurn: 3, parentBranchId: 'main', userTurns: 2 });
    });

    it('turn numbers continue on a branch and on main independently', async () => {
      const session = db.open('conv');
      await session.addItems(turns(2));
      await session.createBranchFromTurn(2);
      await session.addItems([user('branch q'), assistant('branch a')]);
      expect((await session.getConversationTurns()).map((t) => [t.turn, t.content])).toEqual([
        [1, 't1 q'],
        [2, 'branch q'],
      ]);
      const main = db.open('conv');
      expect((await main.getConversationTurns()).map((t) => [t.turn, t.content])).toEqual([
        [1, 't1 q'],
        [2, 't2 q'],
      ]);
    });

    it('typed errors: turn 0, unknown turn, used name, unknown branch, deleting main or the current branch', async () => {
      const session = db.open('conv');
      await session.addItems(turns(2));
      expect(isSessionError(await errorOf(session.createBranchFromTurn(0)), 'INVALID_ARGUMENT')).toBe(true);
      expect(isSessionError(await errorOf(session.createBranchFromTurn(-1)), 'INVALID_ARGUMENT')).toBe(true);
      expect(isSessionError(await errorOf(session.createBranchFromTurn(1.5)), 'INVALID_ARGUMENT')).toBe(true);
      const unknown = await errorOf(session.createBranchFromTurn(4));
      expect(isSessionError(unknown, 'NOT_FOUND')).toBe(true);
      expect(String(unknown)).toMatch(/turn 4 does not exist/);

      await session.createBranchFromTurn(2, 'alt');
      expect(isSessionError(await errorOf(session.createBranchFromTurn(1, 'alt')), 'CONFLICT')).toBe(true);
      expect(isSessionError(await errorOf(session.createBranchFromTurn(1, 'main')), 'CONFLICT')).toBe(true);
      // A branch name must not be an existing session id either: it would be ambiguous as a handle.
      await db.open('other-session').addItems([user('x')]);
      expect(isSessionError(await errorOf(session.createBranchFromTurn(1, 'other-session')), 'CONFLICT')).toBe(true);
      // Another session's branch names are used too: branch ids are unique in the file.
      const other = db.open('other-session');
      expect(isSessionError(await errorOf(other.createBranchFromTurn(1, 'alt')), 'CONFLICT')).toBe(true);

      expect(isSessionError(await errorOf(session.switchToBranch('nope')), 'NOT_FOUND')).toBe(true);
      expect(isSessionError(await errorOf(session.getConversationTurns({ branchId: 'nope' })), 'NOT_FOUND')).toBe(true);
      expect(isSessionError(await errorOf(session.deleteBranch('nope')), 'NOT_FOUND')).toBe(true);
      expect(isSessionError(await errorOf(session.deleteBranch('main', { force: true })), 'INVALID_ARGUMENT')).toBe(true);
      const current = await errorOf(session.deleteBranch('alt'));
      expect(isSessionError(current, 'CONFLICT')).toBe(true);
      expect(String(current)).toMatch(/force/);
      expect(await session.getCurrentBranchId()).toBe('alt');
      await session.deleteBranch('alt', { force: true });
      expect(await session.getCurrentBranchId()).toBe('main');
      expect(texts(await session.getItems())).toEqual(texts(turns(2)));
    });

    it('a branch id is a session handle; a fresh object on the session id starts on main', async () => {
      const session = db.open('conv');
      await session.addItems(turns(2));
      const branchId = await session.createBranchFromTurn(2);
      await session.addItems([user('on branch')]);

      const handle = db.open(branchId);
      expect(await handle.getSessionId()).toBe(branchId);
      expect(await handle.getCurrentBranchId()).toBe(branchId);
      expect(texts(await handle.getItems())).toEqual(['t1 q', 't1 a', 'on branch']);
      await handle.switchToBranch('main');
      expect(await handle.getSessionId()).toBe('conv');
      expect(texts(await handle.getItems())).toEqual(texts(turns(2)));

      const fresh = db.open('conv');
      expect(await fresh.getCurrentBranchId()).toBe('main');
      await fresh.switchToBranch(branchId);
      expect(texts(await fresh.getItems())).toEqual(['t1 q', 't1 a', 'on branch']);
    });

    it('pop and clear on a branch never change main or the parent branch', async () => {
      const session = db.open('conv');
      await session.addItems(turns(3));
      const parent = await session.createBranchFromTurn(3, 'parent');
      await session.addItems([user('p q'), assistant('p a')]);
      const child = await session.createBranchFromTurn(3, 'child');
      const main = db.open('conv');
      const parentView = db.open(parent);
      const mainBefore = texts(await main.getItems());
      const parentBefore = texts(await parentView.getItems());

      // Pop every inherited item off the child, one by one.
      const popped: string[] = [];
      for (let item = await session.popItem(); item; item = await session.popItem()) popped.push(...texts([item]));
      expect(popped).toEqual([...parentBefore].slice(0, 4).reverse());
      expect(await session.getItems()).toEqual([]);
      expect(texts(await main.getItems())).toEqual(mainBefore);
      expect(texts(await parentView.getItems())).toEqual(parentBefore);

      await session.addItems([user('child q')]);
      await session.clearSession();
      expect(await session.getItems()).toEqual([]);
      expect(texts(await main.getItems())).toEqual(mainBefore);
      expect(texts(await parentView.getItems())).toEqual(parentBefore);
      expect(await session.getCurrentBranchId()).toBe(child);
    });

    it('pop and clear on main never change a branch that inherits from it', async () => {
      const main = db.open('conv');
      await main.addItems(turns(3));
      const branchId = await db.open('conv').createBranchFromTurn(4);
      const branch = db.open(branchId);
      const branchBefore = texts(await branch.getItems());
      expect(branchBefore).toHaveLength(6);

      expect(texts([(await main.popItem())!])).toEqual(['t3 a']);
      expect(texts(await main.getItems())).toHaveLength(5);
      expect(texts(await branch.getItems())).toEqual(branchBefore);
      await main.addItems([user('main again')]);
      expect(texts(await main.getItems())).toEqual([...branchBefore.slice(0, 5), 'main again']);
      await main.clearSession();
      expect(await main.getItems()).toEqual([]);
      expect(texts(await branch.getItems())).toEqual(branchBefore);
      await main.addItems([user('fresh start')]);
      expect(texts(await main.getItems())).toEqual(['fresh start']);
      expect(await main.getCurrentTurn()).toBe(1);
    });

    it('deleting branches leaves no unreachable rows behind', async () => {
      const session = db.open('conv');
      await session.addItems(turns(3));
      const a = await session.createBranchFromTurn(2, 'a');
      await session.addItems(turns(2, 'a'));
      const b = await session.createBranchFromTurn(3, 'b'); // from a: holds a's turns 1..2
      await session.addItems(turns(1, 'b'));
      await session.switchToBranch(a);
      await session.popItem(); // a's own newest item, beyond what b inherits: deleted outright
      await session.switchToBranch('main');

      await session.deleteBranch(a);
      // b still reads everything it inherited from a.
      const bView = db.open(b);
      expect(texts(await bView.getItems())).toEqual(['t1 q', 't1 a', 'a1 q', 'a1 a', 'b1 q', 'b1 a']);
      await session.deleteBranch(b);
      expect(texts(await session.getItems())).toEqual(texts(turns(3)));
      // Only main's rows and lane remain.
      expect(await rawCount('agent_messages')).toBe(6);
      expect(await rawCount('advanced_message_structure')).toBe(6);
      expect(await rawCount('advanced_lanes')).toBe(1);
    });

    it('popping inherited items neither copies rows nor grows the branch chain', async () => {
      const session = db.open('conv');
      await session.addItems(turns(20));
      await session.createBranch();
      const lanes = await rawCount('advanced_lanes');
      for (let i = 0; i < 15; i++) await session.popItem();
      expect(await rawCount('advanced_lanes')).toBe(lanes);
      expect(await rawCount('agent_messages')).toBe(40);
      expect(await session.getItems()).toHaveLength(25);
      expect(await db.open('conv').getItems()).toHaveLength(40);
    });

    it('createBranchFromContent branches from the earliest matching turn', async () => {
      const session = db.open('conv');
      await session.addItems([user('hello'), assistant('hi'), user('Tell me about Zürich'), assistant('A city'), user('and zürich food?')]);
      await session.createBranchFromContent('ZÜRICH');
      expect(texts(await session.getItems())).toEqual(['hello', 'hi']);
      expect(isSessionError(await errorOf(session.createBranchFromContent('absent')), 'NOT_FOUND')).toBe(true);
    });

    it('a branch created on a shared file is visible to another object at once', async () => {
      const a = db.open('conv');
      await a.addItems(turns(1));
      const id = await a.createBranch('fork');
      const b = new AdvancedPostgresSession(id, { pool: db.pool() });
      db.track(b);
      expect(texts(await b.getItems())).toEqual(texts(turns(1)));
    });
  });
});
