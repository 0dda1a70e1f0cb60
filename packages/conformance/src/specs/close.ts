import { isSessionError } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { numberedItems, userMessage } from '../items.js';

export function closeSpec(h: Harness): void {
  describe('close', () => {
    it('a closed session rejects every call with SESSION_CLOSED, even addItems([])', async () => {
      const { session } = await h.open();
      await session.addItems(numberedItems(1));
      await session.close();
      expect(session.closed).toBe(true);
      const calls: [string, () => Promise<unknown>][] = [
        ['getSessionId', () => session.getSessionId()],
        ['getItems', () => session.getItems()],
        ['getItems(1)', () => session.getItems(1)],
        ['addItems([])', () => session.addItems([])],
        ['addItems', () => session.addItems([userMessage('late')])],
        ['popItem', () => session.popItem()],
        ['clearSession', () => session.clearSession()],
      ];
      for (const [name, call] of calls) {
        const error = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isSessionError(error, 'SESSION_CLOSED'), `${name} after close`).toBe(true);
      }
    });

    it('close is idempotent and keeps what was stored', async () => {
      const { session, id, inherited } = await h.open();
      const items = numberedItems(3);
      await session.addItems(items);
      await session.close();
      await session.close();
      const reopened = await h.connect(id);
      expect(await reopened.getItems()).toEqual([...inherited, ...items]);
    });
  });
}
