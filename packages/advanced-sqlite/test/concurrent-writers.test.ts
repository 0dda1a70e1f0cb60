// BENCHMARK.md W7 for this package: 4 processes x 250 turns into one session
// of one file. Nothing may be lost, each process's turns keep their order,
// and no "database is locked" may surface.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useDatabaseFile } from './support/fixtures.js';

const db = useDatabaseFile('sessions-advanced-w7-');
const WRITERS = 4;
const TURNS = 250;
const writerScript = fileURLToPath(new URL('./support/w7-writer.ts', import.meta.url));

function runWriter(path: string, writer: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@sessions/source', writerScript, path, 'w7', String(writer), String(TURNS)], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('W7: concurrent writer processes', () => {
  it(`${WRITERS} processes x ${TURNS} turns: all items kept, in order per process, turns numbered 1..${WRITERS * TURNS}`, { timeout: 180_000 }, async () => {
    const path = db.path();
    // Create the tables first, as an application would at start-up.
    await db.open('w7').getItems();
    const results = await Promise.all(Array.from({ length: WRITERS }, (_, w) => runWriter(path, w)));
    for (const [w, result] of results.entries()) {
      expect(result.stderr, `writer ${w} stderr`).not.toMatch(/database is locked|SQLITE_BUSY/i);
      expect(result.code, `writer ${w} exit code; stderr: ${result.stderr}`).toBe(0);
    }

    const session = db.open('w7');
    const items = await session.getItems();
    expect(items).toHaveLength(WRITERS * TURNS * 4);
    const seen = new Map<number, number>();
    for (let i = 0; i < items.length; i += 4) {
      const match = JSON.stringify(items[i]).match(/user message w(\d)-(\d+) /);
      expect(match, `item ${i} opens a turn`).not.toBeNull();
      const [w, n] = [Number(match![1]), Number(match![2])];
      expect(n, `writer ${w}'s turns in order`).toBe(seen.get(w) ?? 0);
      seen.set(w, n + 1);
      expect(JSON.stringify(items[i + 3])).toContain(`assistant reply w${w}-${n} `);
    }
    expect([...seen.values()]).toEqual(Array(WRITERS).fill(TURNS));
    const turns = await session.getConversationTurns();
    expect(turns.map((t) => t.turn)).toEqual(Array.from({ length: WRITERS * TURNS }, (_, i) => i + 1));
  });
});
