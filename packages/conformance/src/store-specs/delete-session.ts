import { describe, expect, it } from 'vitest';
import { advancedArchive, type StoreHarness } from '../store-harness.js';
import { expectSessionError } from './expect-error.js';

export function deleteSessionSpec(h: StoreHarness): void {
  describe('deleteSession', () => {
    it('deletes a session with everything it holds, and says whether it existed', async () => {
      const owner = h.owner();
      const id = h.id('delete');
      const kept = h.id('kept');
      await h.store.writeArchive(h.advanced ? advancedArchive(id, owner) : h.plainArchive(id, { owner }));
      await h.store.writeArchive(h.plainArchive(kept, { owner }));
      expect(await h.store.deleteSession(id)).toBe(true);
      expect(await h.store.readArchive(id)).toBeUndefined();
      expect((await h.store.listSessions({ owner })).sessions.map((s) => s.sessionId)).toEqual([kept]);
      if (h.target.raw) {
        expect(await h.target.raw.sessionRow(id)).toBeUndefined();
        expect(await h.target.raw.messageRows(id)).toEqual([]);
        expect(await h.target.raw.messageRows(kept)).toHaveLength(3);
      }
      expect(await h.store.deleteSession(id)).toBe(false);
      expect(await h.store.readArchive(kept)).toBeDefined();
    });

    it('deletes a session written through openSession', async () => {
      const id = h.id('delete-opened');
      await h.open(id).addItems([{ role: 'user', content: 'bye' }]);
      expect(await h.store.deleteSession(id)).toBe(true);
      expect(await h.open(id).getItems()).toEqual([]);
    });

    it('refuses a bad session id with INVALID_ARGUMENT', async () => {
      await expectSessionError(() => h.store.deleteSession(''), 'INVALID_ARGUMENT');
      await expectSessionError(() => h.store.deleteSession('a\u0000b'), 'INVALID_ARGUMENT');
    });
  });
}
