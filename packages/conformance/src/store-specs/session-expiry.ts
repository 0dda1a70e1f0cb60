import { AdvancedSessionBase } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import type { StoreHarness } from '../store-harness.js';
import { expectSessionError } from './expect-error.js';

const PAST = '2001-02-03T04:05:06.789Z';
const question = (text: string) => ({ role: 'user' as const, content: text });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function sessionExpirySpec(h: StoreHarness): void {
  describe('session expiry', () => {
    it('an expired session reads as empty, is not listed, refuses writes; lifting the expiry brings it back', async () => {
      const owner = h.owner();
      const id = h.id('expiry');
      const kept = h.id('expiry-kept');
      const writer = h.openWith(id, { owner, ttlSeconds: 3600 });
      await writer.addItems([question('one'), question('two')]);
      await h.open(kept, owner).addItems([question('kept')]);
      expect(await h.open(id).getItems()).toHaveLength(2);

      expect(await h.store.setSessionExpiry(id, new Date(PAST))).toBe(true);
      expect(await writer.getItems()).toEqual([]);
      expect(await h.open(id).getItems(1)).toEqual([]);
      expect(await h.open(id).popItem()).toBeUndefined();
      expect((await h.store.listSessions({ owner })).sessions.map((s) => s.sessionId)).toEqual([kept]);
      await expectSessionError(() => writer.addItems([question('three')]), 'SESSION_EXPIRED');
      await expectSessionError(() => h.open(id, owner).addItems([question('three')]), 'SESSION_EXPIRED');
      if (h.target.raw) expect(await h.target.raw.messageRows(id)).toHaveLength(2);

      expect(await h.store.setSessionExpiry(id, null)).toBe(true);
      expect((await h.open(id).getItems()).map((item) => (item as { content: string }).content)).toEqual(['one', 'two']);
      expect((await h.store.listSessions({ owner })).sessions.map((s) => s.sessionId).sort()).toEqual([id, kept].sort());
    });

    it('an expiry given when the session is created takes effect when it passes', async () => {
      const owner = h.owner();
      const id = h.id('expiry-at');
      const session = h.openWith(id, { owner, expiresAt: new Date(Date.now() + 1500).toISOString() });
      await session.addItems([question('soon gone')]);
      expect(await session.getItems()).toHaveLength(1);
      expect((await h.store.listSessions({ owner })).sessions).toHaveLength(1);
      await sleep(1700);
      expect(await session.getItems()).toEqual([]);
      expect(await h.open(id).getItems()).toEqual([]);
      expect((await h.store.listSessions({ owner })).sessions).toEqual([]);
    });

    it('deleting an expired session (or, on a plain store, clearing it) lets its id start afresh', async () => {
      const id = h.id('expiry-clear');
      await h.open(id).addItems([question('old')]);
      await h.store.setSessionExpiry(id, PAST);
      const session = h.open(id);
      if (h.advanced) {
        expect(await h.store.deleteSession(id)).toBe(true);
      } else {
        await session.clearSession();
      }
      await session.addItems([question('new')]);
      expect((await h.open(id).getItems()).map((item) => (item as { content: string }).content)).toEqual(['new']);
    });

    it('an expired advanced session reads as empty and is left out of its listSessions', async () => {
      if (!h.advanced) return;
      const id = h.id('expiry-advanced');
      const session = h.open(id) as AdvancedSessionBase;
      await session.addItems([question('hello')]);
      const listed = async () => (await session.listSessions({ limit: 1000 })).some((s) => s.sessionId === id);
      expect(await listed()).toBe(true);
      await h.store.setSessionExpiry(id, PAST);
      expect(await session.getItems()).toEqual([]);
      expect(await (h.open(id) as AdvancedSessionBase).getItems()).toEqual([]);
      expect(await listed()).toBe(false);
      await expectSessionError(() => session.addItems([question('again')]), 'SESSION_EXPIRED');
    });

    it('setSessionExpiry says whether the session exists, and refuses a bad time', async () => {
      expect(await h.store.setSessionExpiry(h.id('expiry-none'), PAST)).toBe(false);
      await expectSessionError(() => h.store.setSessionExpiry(h.id('expiry-bad'), 'not a time'), 'INVALID_ARGUMENT', /expiresAt/);
      await expectSessionError(async () => h.store.openSession(h.id('expiry-both'), { expiresAt: PAST, ttlSeconds: 5 }), 'INVALID_ARGUMENT');
      await expectSessionError(async () => h.store.openSession(h.id('expiry-ttl'), { ttlSeconds: -1 }), 'INVALID_ARGUMENT', /ttlSeconds/);
    });
  });
}
