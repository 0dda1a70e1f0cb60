import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLiteSession } from '@sessions/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { runTs } from './fixtures/spawn-ts.js';

const dir = mkdtempSync(join(tmpdir(), 'sessions-sqlite-w7-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('W7: 4 processes x 250 turns into one session of one file', () => {
  it('no call fails, no item is lost, each process keeps its order', async () => {
    const path = join(dir, 'w7.db');
    const writers = 4;
    const turns = 250;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, w) =>
        runTs(new URL('./fixtures/w7-writer.ts', import.meta.url), [path, 'w7', String(w), String(turns)]),
      ),
    );
    for (const [w, result] of results.entries()) {
      expect(result.stderr, `writer ${w} stderr`).not.toMatch(/locked|SQLITE_BUSY|Error/);
      expect(result.code, `writer ${w} exit code`).toBe(0);
    }

    const session = new SQLiteSession('w7', { path });
    const items = await session.getItems();
    await session.close();
    expect(items).toHaveLength(writers * turns * 4);

    const texts = items.map((item) => JSON.stringify(item));
    for (let w = 0; w < writers; w++) {
      const mine = texts.flatMap((t, i) => (t.includes(`w${w}-t`) ? [{ t, i }] : []));
      expect(mine).toHaveLength(turns * 4);
      for (let k = 0; k < turns; k++) {
        const turn = mine.slice(k * 4, k * 4 + 4);
        // each turn's 4 items are contiguous in the session and in turn order per process
        expect(turn.every(({ t }) => t.includes(`w${w}-t${k} `) || t.includes(`w${w}-t${k}"`))).toBe(true);
        expect(turn[3]!.i - turn[0]!.i).toBe(3);
      }
    }
  }, 180_000);
});
