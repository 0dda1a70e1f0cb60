/**
 * Child process of the prune-under-load case: opens the store, says
 * `ready`, then keeps appending to and reading live sessions
 * `${prefix}-0..count-1` round robin, reporting `writes N failures F` every
 * few calls, until a `stop FROM TO` line arrives on stdin (epoch ms of the
 * prune's start and end); then prints its totals, the writes completed
 * between FROM and TO, and the first failures as one JSON line, and exits.
 */
import type { OpenSessionStore } from '@sessions/core';

const [moduleHref, url, prefix, countText] = process.argv.slice(2);
const { openSessionStore } = (await import(moduleHref!)) as { openSessionStore: OpenSessionStore };
const store = await openSessionStore(url!);
const count = Number(countText);
let stopping = false;
let window: [number, number] = [0, 0];
let input = '';
process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
  input += chunk;
  const stop = /stop (\d+) (\d+)/.exec(input);
  if (stop) {
    window = [Number(stop[1]), Number(stop[2])];
    stopping = true;
  }
});
/** When each write completed (epoch ms). */
const completed: number[] = [];

let writes = 0;
let failures = 0;
const messages: string[] = [];
let next = 0;

async function writer(lane: number): Promise<void> {
  while (!stopping) {
    const id = `${prefix}-${(next++ * 7919 + lane) % count}`;
    const session = store.openSession(id);
    try {
      await session.addItems([{ role: 'user', content: `live write ${writes}` }]);
      const [newest] = await session.getItems(1);
      if (newest === undefined) throw new Error(`session ${id} read back empty after a write`);
      writes++;
      completed.push(Date.now());
    } catch (error) {
      failures++;
      if (messages.length < 5) messages.push(error instanceof Error ? error.message : String(error));
    } finally {
      await session.close();
    }
    if ((writes + failures) % 25 === 0) process.stdout.write(`writes ${writes} failures ${failures}\n`);
    // A synchronous driver (better-sqlite3) never yields by itself: let stdin and stdout through.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

process.stdout.write('ready\n');
await Promise.all([0, 1, 2].map(writer));
const during = completed.filter((t) => t >= window[0] && t <= window[1]).length;
process.stdout.write(`${JSON.stringify({ writes, during, failures, messages })}\n`);
await store.close();
process.stdin.destroy();
