import { AdvancedSessionBase } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import type { StoreHarness } from '../store-harness.js';
import { expectSessionError } from './expect-error.js';

export function openSessionSpec(h: StoreHarness): void {
  describe('openSession', () => {
    it('gives an advanced session exactly when the store is advanced', async () => {
      const session = h.open(h.id('kind'));
      expect(session instanceof AdvancedSessionBase).toBe(h.advanced);
      expect(typeof h.store.kind).toBe('string');
      expect(h.store.location).not.toMatch(/:[^:@/]+@/);
    });

    it('records the owner when the session is created; a later writer with another owner does not change it', async () => {
      const [first, second] = [h.owner(), h.owner()];
      const id = h.id('owner');
      await h.open(id, first).addItems([{ role: 'user', content: 'one' }]);
      await h.open(id, second).addItems([{ role: 'user', content: 'two' }]);
      await h.open(id).addItems([{ role: 'user', content: 'three' }]);
      expect((await h.store.readArchive(id))?.owner).toBe(first);
      expect((await h.store.listSessions({ owner: second })).sessions).toEqual([]);
      expect((await h.store.listSessions({ owner: first })).sessions.map((s) => [s.sessionId, s.itemCount])).toEqual([[id, 3]]);
      if (h.target.raw) expect((await h.target.raw.sessionRow(id))?.owner).toBe(first);
    });

    it('refuses a bad owner with INVALID_ARGUMENT', async () => {
      for (const owner of ['', 'a\u0000b', 'x'.repeat(256), 5]) {
        await expectSessionError(async () => h.store.openSession(h.id('bad-owner'), { owner: owner as string }), 'INVALID_ARGUMENT', /owner/);
      }
    });
  });
}
