import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pruneUnderLoad } from '@sessions/conformance';
import { openSessionStore } from '@sessions/sqlite';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';

const SESSIONS = 100_000;
const EXPIRED = SESSIONS / 10;
const dir = mkdtempSync(join(tmpdir(), 'sessions-sqlite-prune-'));
const path = join(dir, 'store.db');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a prune of 100,000 sessions (10% expired) takes exactly the expired ones while another process keeps writing', { timeout: 120_000 }, async () => {
  const store = await openSessionStore(path, { create: true });
  try {
    await store.migrate();
    // Filled directly: one item each; every tenth session expired an hour ago.
    const db = new Database(path);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    db.transaction(() => {
      const session = db.prepare('INSERT INTO agent_sessions (session_id, owner, expires_at) VALUES (?, ?, ?)');
      const item = db.prepare('INSERT INTO agent_messages (session_id, message_data) VALUES (?, ?)');
      for (let i = 0; i < SESSIONS; i++) {
        const expired = i % 10 === 0;
        const id = expired ? `expired-${i / 10}` : `live-${i - Math.floor(i / 10) - 1}`;
        session.run(id, `tenant-${i % 7}`, expired ? past : null);
        item.run(id, JSON.stringify({ role: 'user', content: `item of ${id}` }));
      }
    })();
    db.close();

    const figures = await pruneUnderLoad({
      store,
      adapterModule: new URL('./fixtures/open-store.ts', import.meta.url),
      url: path,
      livePrefix: 'live',
      liveCount: SESSIONS - EXPIRED,
    });
    console.log(
      `sqlite: pruned ${figures.result.sessions} sessions (${figures.result.items} items) in ${figures.result.batches} batches, ${figures.pruneMs} ms; ` +
        `live writes ${figures.liveWrites} (${figures.liveWritesDuringPrune} during the prune), failures ${figures.liveFailures}`,
    );
    expect(figures.failureMessages).toEqual([]);
    expect(figures.liveFailures).toBe(0);
    expect(figures.result).toMatchObject({ sessions: EXPIRED, items: EXPIRED, dryRun: false, batches: EXPIRED / 500 });
    expect(figures.liveWritesDuringPrune).toBeGreaterThan(0);

    const check = new Database(path, { readonly: true });
    try {
      const count = (sql: string) => Number(check.prepare(sql).pluck().get());
      expect(count(`SELECT COUNT(*) FROM agent_sessions WHERE session_id LIKE 'expired-%'`)).toBe(0);
      expect(count(`SELECT COUNT(*) FROM agent_messages WHERE session_id LIKE 'expired-%'`)).toBe(0);
      expect(count(`SELECT COUNT(*) FROM agent_sessions WHERE session_id LIKE 'live-%'`)).toBe(SESSIONS - EXPIRED);
      expect(count(`SELECT COUNT(*) FROM agent_messages WHERE session_id LIKE 'live-%'`)).toBe(SESSIONS - EXPIRED + figures.liveWrites);
    } finally {
      check.close();
    }
  } finally {
    await store.close();
  }
});
