/**
 * Child process of the compaction crash case: opens the sessions, says
 * `ready`, then compacts them one after another, saying `start i` and `done i`
 * around each replacement, until it is killed.
 */
import type { HistoryAwareSession } from '@sessions/core';
import { historyAfter } from './compaction-histories.js';

const [moduleHref, prefix, countText] = process.argv.slice(2);
const { openSession } = (await import(moduleHref!)) as { openSession(sessionId: string): HistoryAwareSession };
const ids = Array.from({ length: Number(countText) }, (_, i) => `${prefix}-${i}`);
const sessions = ids.map((id) => openSession(id));
// Connected (and tables checked) before the parent's clock starts.
await sessions[0]!.getItems(1);
process.stdout.write('ready\n');
for (const [i, session] of sessions.entries()) {
  process.stdout.write(`start ${i}\n`);
  await session.replaceHistoryWithCompaction(historyAfter(ids[i]!));
  process.stdout.write(`done ${i}\n`);
}
await Promise.all(sessions.map((session) => session.close()));
