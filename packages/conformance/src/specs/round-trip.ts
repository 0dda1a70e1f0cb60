import type { SessionItem } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../harness.js';

const cases: [string, SessionItem][] = [
  ['unicode and emoji', { type: 'message', role: 'user', content: 'héllo wörld — 你好 — مرحبا — 👩‍👩‍👧‍👦🚀 — \u{1F600}' }],
  ['NUL and control characters inside strings', { type: 'message', role: 'user', content: 'a\u0000b\u0001c\n\t\r"\\ \u2028\u2029' }],
  [
    'nested arrays and objects',
    {
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'nested' }],
      providerData: { matrix: [[1, 2], [3, [4, [5, []]]]], empty: {}, flags: [true, false, null], n: -0.5e-7, big: 9007199254740991 },
    } as SessionItem,
  ],
  [
    'a tool call and its result',
    { type: 'function_call', callId: 'call_1', name: 'lookup', arguments: '{"q":"\\u0000 ✓"}', status: 'completed' },
  ],
  ['keys in their original order', { role: 'user', content: 'order', zeta: 1, alpha: 2, mid: { b: 1, a: 2 } } as SessionItem],
];

export function roundTripSpec(h: Harness): void {
  describe('round trip', () => {
    for (const [label, item] of cases) {
      it(`stores ${label} exactly`, async () => {
        const { session, id, inherited } = await h.open();
        await session.addItems([item]);
        const [read] = await session.getItems(1);
        expect(JSON.stringify(read)).toBe(JSON.stringify(item));
        const fresh = await h.connect(id);
        expect(await fresh.getItems()).toEqual([...inherited, item]);
        if (h.mode === 'plain' && h.target.raw) expect(await h.target.raw.items(id)).toEqual([item]);
        expect(JSON.stringify(await session.popItem())).toBe(JSON.stringify(item));
      });
    }

    it('stores a 1 MB item exactly', async () => {
      const { session, id } = await h.open();
      const text = 'ü€😀x'.repeat(Math.ceil((1024 * 1024) / 10));
      const item = { type: 'message', role: 'user', content: text } as SessionItem;
      await session.addItems([item]);
      const fresh = await h.connect(id);
      const [read] = await fresh.getItems(1);
      expect((read as { content: string }).content.length).toBe(text.length);
      expect(read).toEqual(item);
    });
  });
}
