import { isSessionError, parseStoredItem, serializeItems } from '@sessions/core';
import { describe, expect, it } from 'vitest';

describe('serializeItems', () => {
  it('returns the JSON text of each item, dropping undefined properties as JSON does', () => {
    expect(serializeItems('s', [{ role: 'user', content: 'hi', providerData: undefined } as never])).toEqual(['{"role":"user","content":"hi"}']);
  });

  it('names the first bad item and the path inside it', () => {
    const error = (() => {
      try {
        serializeItems('s1', [{ role: 'user', content: 'ok' }, { role: 'user', content: ['a', undefined] } as never]);
      } catch (e) {
        return e;
      }
    })();
    expect(isSessionError(error, 'INVALID_ITEM')).toBe(true);
    expect((error as Error).message).toBe('session "s1": addItems rejected item 1: item.content[1] is undefined; nothing of this batch was stored');
  });

  it('accepts null-prototype objects and shared (non-cyclic) references', () => {
    const shared = { text: 'x' };
    const bare = Object.assign(Object.create(null) as object, { role: 'user', content: 'bare' });
    expect(serializeItems('s', [{ role: 'user', content: [shared, shared] } as never, bare as never])).toHaveLength(2);
  });
});

describe('parseStoredItem', () => {
  it('reports rows that are not JSON objects instead of skipping them', () => {
    expect(() => parseStoredItem('s', '{bad', 7)).toThrow(/stored row 7 is not valid JSON/);
    expect(() => parseStoredItem('s', '[1]', 8)).toThrow(/stored row 8 is not a JSON object/);
  });
});
