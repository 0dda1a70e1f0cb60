// W6 on a store: the first page of `listSessions` (unfiltered and for one owner) and one
// session's latest items, at 1,000 and at 100,000 sessions; the figure is the 100,000 / 1,000 ratio.
import type { SessionStore } from '@sessions/core';
import Database from 'better-sqlite3';
import type { ResultRow } from './report.js';
import { tempFile } from './sqlite-floor.js';
import { median, timeIt } from './timing.js';
import { turnItems } from './workload.js';

export const W6_SCALES = [1_000, 100_000] as const;
const OWNERS = 1_000;
const REPEATS = 51;
const PAGE = 50;
const PROBE = 'w6-probe';
/**
 * The owner page size: the probe's owner holds 2 sessions at 1,000 (one in
 * ten sessions has an owner out of 1,000) and 11 at 100,000, so a page of 2
 * is full at both scales and the two reads return the same rows' worth.
 */
const OWNER_PAGE = 2;

/** Session `i`'s owner: every tenth session has one, out of 1,000 owners. */
const ownerOf = (i: number): string | null => (i % 10 === 0 ? `owner-${(i / 10) % OWNERS}` : null);

/**
 * `count` sessions of one turn each, written straight into the tables in one
 * transaction (the setup is not timed), newest `updated_at` last; then a probe
 * session of 13 turns through the store's own session.
 */
async function fill(store: SessionStore, path: string, count: number): Promise<void> {
  await store.migrate();
  const db = new Database(path);
  try {
    const session = db.prepare('INSERT INTO agent_sessions (session_id, owner, created_at, updated_at) VALUES (?, ?, ?, ?)');
    const message = db.prepare('INSERT INTO agent_messages (session_id, message_data, created_at) VALUES (?, ?, ?)');
    const start = Date.parse('2024-01-01T00:00:00.000Z');
    const items = turnItems(0).map((item) => JSON.stringify(item));
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const at = new Date(start + i * 1000).toISOString();
        const id = `w6-${String(i).padStart(6, '0')}`;
        session.run(id, ownerOf(i), at, at);
        for (const item of items) message.run(id, item, at);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const probe = store.openSession(PROBE, { owner: ownerOf(0)! });
  for (let t = 0; t < 13; t++) await probe.addItems(turnItems(t));
  await probe.close();
}

interface ScaleTimes {
  unfiltered: number;
  owner: number;
  items: number;
}

async function measure(store: SessionStore): Promise<ScaleTimes> {
  const times: Record<keyof ScaleTimes, number[]> = { unfiltered: [], owner: [], items: [] };
  const probe = store.openSession(PROBE);
  try {
    for (let r = 0; r < REPEATS; r++) {
      times.unfiltered.push(await timeIt(async () => expectPage(await store.listSessions({ limit: PAGE }))));
      times.owner.push(await timeIt(async () => expectPage(await store.listSessions({ owner: ownerOf(0)!, limit: OWNER_PAGE }), OWNER_PAGE)));
      times.items.push(await timeIt(async () => probe.getItems(PAGE)));
    }
  } finally {
    await probe.close();
  }
  return { unfiltered: median(times.unfiltered), owner: median(times.owner), items: median(times.items) };
}

function expectPage(page: { sessions: unknown[] }, size = PAGE): void {
  if (page.sessions.length !== size) throw new Error(`W6 listed ${page.sessions.length} sessions, not ${size}`);
}

/** W6 rows for one store kind: each read at 100,000 sessions against the same read at 1,000, within 2x. */
export async function storeScaleRows(name: string, open: (path: string) => Promise<SessionStore>): Promise<ResultRow[]> {
  const results = new Map<number, ScaleTimes>();
  for (const count of W6_SCALES) {
    const file = tempFile(`w6-${count}`);
    const store = await open(file.path);
    try {
      await fill(store, file.path, count);
      await measure(store);
      results.set(count, await measure(store));
    } finally {
      await store.close();
      file.drop();
    }
  }
  const [small, large] = W6_SCALES.map((n) => results.get(n)!);
  const row = (phase: string, key: keyof ScaleTimes): ResultRow => ({
    target: name,
    phase: `W6 ${phase}, 100,000 sessions`,
    packageMs: large![key],
    floor: 'same at 1,000 sessions',
    floorMs: small![key],
    ratio: large![key] / small![key],
    limit: 2,
  });
  return [row('first page of listSessions', 'unfiltered'), row(`first page (${OWNER_PAGE}) of one owner's sessions`, 'owner'), row('getItems(50) of one session', 'items')];
}
