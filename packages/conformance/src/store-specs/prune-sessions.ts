import type { AgentSession, HistoryAwareSession, PruneProgress } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { advancedArchive, type StoreHarness } from '../store-harness.js';
import { expectSessionError } from './expect-error.js';

const PAST = '2001-02-03T04:05:06.789Z';
const DAY = 24 * 60 * 60 * 1000;
const question = (text: string) => ({ role: 'user' as const, content: text });

export function pruneSessionsSpec(h: StoreHarness): void {
  /** Sessions with everything the store holds (branches, usage, metadata, operation ids on an advanced store), all of `owner`. */
  async function fullSession(owner: string, label: string): Promise<string> {
    const id = h.id(label);
    if (h.advanced) {
      await h.store.writeArchive(advancedArchive(id, owner));
    } else {
      await h.store.writeArchive(h.plainArchive(id, { owner, count: 4 }));
    }
    return id;
  }

  async function expectNothingLeft(ids: string[]): Promise<void> {
    for (const id of ids) {
      expect(await h.store.readArchive(id)).toBeUndefined();
      if (!h.target.raw) continue;
      expect(await h.target.raw.sessionRow(id)).toBeUndefined();
      expect(await h.target.raw.messageRows(id)).toEqual([]);
      if (h.target.raw.rowCounts) {
        const counts = await h.target.raw.rowCounts(id);
        expect(Object.keys(counts)).toContain('agent_messages');
        expect(Object.entries(counts).filter(([, n]) => n > 0)).toEqual([]);
      }
    }
  }

  describe('pruneSessions', () => {
    it('deletes exactly the expired sessions, with everything they hold, in batches', async () => {
      const owner = h.owner();
      const expired = [await fullSession(owner, 'prune-expired'), await fullSession(owner, 'prune-expired'), await fullSession(owner, 'prune-expired')];
      // Written through a session object; a history transaction (where the session has them) leaves an operation id behind.
      const opened = h.id('prune-expired-opened');
      const session = h.open(opened, owner) as AgentSession & Partial<HistoryAwareSession>;
      if (session.applyHistoryTransaction) {
        await session.applyHistoryTransaction({ operationId: 'op-1', transaction: { type: 'append_items', items: [question('one')] } });
      } else {
        await session.addItems([question('one')]);
      }
      expired.push(opened);
      const live = [await fullSession(owner, 'prune-live'), h.id('prune-live-ttl')];
      await h.openWith(live[1]!, { owner, ttlSeconds: 3600 }).addItems([question('still here')]);
      let items = 0;
      for (const id of expired) {
        items += h.target.raw ? (await h.target.raw.messageRows(id)).length : 0;
        expect(await h.store.setSessionExpiry(id, PAST)).toBe(true);
      }
      const progress: PruneProgress[] = [];
      const result = await h.store.pruneSessions({ expired: true, owner, batchSize: 3, onProgress: (p) => progress.push(p) });
      expect(result.sessions).toBe(4);
      expect(result.batches).toBe(2);
      expect(result.dryRun).toBe(false);
      if (h.target.raw) expect(result.items).toBe(items);
      // Three archives of three branches, and the opened session's main.
      expect(result.branches).toBe(h.advanced ? 3 * 3 + 1 : 0);
      expect(result.usage).toBe(h.advanced ? 3 * 3 : 0);
      expect(progress.map((p) => p.sessions)).toEqual([3, 4]);
      await expectNothingLeft(expired);
      expect((await h.store.listSessions({ owner })).sessions.map((s) => s.sessionId).sort()).toEqual([...live].sort());
      expect(await h.open(live[1]!).getItems()).toHaveLength(1);

      const again = await h.store.pruneSessions({ expired: true, owner });
      expect([again.sessions, again.batches]).toEqual([0, 0]);
      // A pruned id starts afresh.
      await h.open(opened).addItems([question('new')]);
      expect(await h.open(opened).getItems()).toEqual([question('new')]);
    });

    it('olderThan takes sessions not written for that long, as milliseconds or an instant', async () => {
      const owner = h.owner();
      const old = [await fullSession(owner, 'prune-old'), await fullSession(owner, 'prune-old')];
      const fresh = h.id('prune-fresh');
      await h.open(fresh, owner).addItems([question('recent')]);
      const dry = await h.store.pruneSessions({ olderThan: 30 * DAY, owner, dryRun: true });
      expect([dry.sessions, dry.dryRun]).toEqual([2, true]);
      for (const id of old) expect(await h.store.readArchive(id)).toBeDefined();
      const result = await h.store.pruneSessions({ olderThan: new Date(Date.now() - 30 * DAY), owner });
      expect(result.sessions).toBe(2);
      expect({ ...result, dryRun: true }).toEqual(dry);
      await expectNothingLeft(old);
      expect((await h.store.listSessions({ owner })).sessions.map((s) => s.sessionId)).toEqual([fresh]);
    });

    it('takes a session that is expired or old, and only the owner given', async () => {
      const [owner, other] = [h.owner(), h.owner()];
      const old = await fullSession(owner, 'prune-either-old');
      const expired = h.id('prune-either-expired');
      await h.open(expired, owner).addItems([question('x')]);
      await h.store.setSessionExpiry(expired, PAST);
      const othersOld = await fullSession(other, 'prune-either-other');
      const result = await h.store.pruneSessions({ olderThan: 30 * DAY, expired: true, owner });
      expect(result.sessions).toBe(2);
      await expectNothingLeft([old, expired]);
      expect(await h.store.readArchive(othersOld)).toBeDefined();
      await h.store.deleteSession(othersOld);
    });

    it('refuses a prune without a criterion, and bad options, with INVALID_ARGUMENT', async () => {
      await expectSessionError(() => h.store.pruneSessions({}), 'INVALID_ARGUMENT', /criterion/);
      await expectSessionError(() => h.store.pruneSessions({ owner: h.owner() }), 'INVALID_ARGUMENT', /criterion/);
      await expectSessionError(() => h.store.pruneSessions({ expired: true, batchSize: 0 }), 'INVALID_ARGUMENT', /batchSize/);
      await expectSessionError(() => h.store.pruneSessions({ olderThan: -5 }), 'INVALID_ARGUMENT', /olderThan/);
    });
  });
}
