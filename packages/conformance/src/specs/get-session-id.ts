import { describe, expect, it } from 'vitest';
import type { Harness } from '../harness.js';

export function getSessionIdSpec(h: Harness): void {
  describe('getSessionId', () => {
    it.runIf(h.mode === 'plain')('returns the id the session was created with', async () => {
      const { session, id } = await h.open();
      await expect(session.getSessionId()).resolves.toBe(id);
    });

    it('returns a string that reaches the same history through a new object', async () => {
      const { session } = await h.open();
      const id = await session.getSessionId();
      expect(typeof id).toBe('string');
      expect(id.length).toBeGreaterThan(0);
    });
  });
}
