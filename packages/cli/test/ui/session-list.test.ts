import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessionStore } from '@sessions/advanced-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionPage } from '../../src/ui/api-types.js';
import { SEARCH_BUDGET } from '../../src/ui/source/session-list.js';
import { api, startInspector, type RunningInspector } from '../support/inspector.js';

const SESSIONS = SEARCH_BUDGET + 50;
const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
const item = (role: 'user' | 'assistant', text: string, n: number) => ({
  data: JSON.stringify(role === 'user' ? { role, content: text } : { role, status: 'completed', content: [{ type: 'output_text', text }] }),
  createdAt: at(n),
});

/**
 * The sessions list pages from the store: in the store's order a page is one
 * store call, other orders rank the sessions' summaries, and a content search
 * looks at a bounded number of sessions per request, continuing by cursor.
 */
describe('sessions ui: the sessions list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sessions-ui-list-'));
  const db = join(dir, 'list.db');
  let inspector: RunningInspector;
  const ids = (page: SessionPage) => page.sessions.map((s) => s.sessionId);

  beforeAll(async () => {
    const store = await openSessionStore(db, { create: true });
    try {
      for (let n = 0; n < SESSIONS; n++) {
        // s000 is the oldest and the only one that mentions a walrus; s001 has the most items.
        const turns = n === 1 ? 5 : 1;
        const items = Array.from({ length: turns }, (_, t) => [item('user', n === 0 ? 'Tell me about the Walrus' : `question ${n}`, n), item('assistant', `answer ${n}`, n)]).flat();
        await store.writeArchive({
          sessionId: `s${String(n).padStart(3, '0')}`,
          owner: n % 2 === 0 ? 'even' : 'odd',
          createdAt: at(n),
          updatedAt: at(n),
          metadata: { parity: n % 2 === 0 ? 'even' : 'odd', n },
          branches: [{ branchId: 'main', parentBranchId: null, fromTurn: null, createdAt: at(n), items }],
          usage: [],
        });
      }
    } finally {
      await store.close();
    }
    inspector = await startInspector(db);
  });

  afterAll(async () => {
    await inspector?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages in the store’s order, newest update first, to the end', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { body } = await api<SessionPage>(inspector, `sessions?limit=40${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(body));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: SESSIONS }, (_, i) => `s${String(SESSIONS - 1 - i).padStart(3, '0')}`));
  });

  it('orders by another column across pages, and filters by owner and metadata', async () => {
    const first = (await api<SessionPage>(inspector, 'sessions?sort=items&order=desc&limit=2')).body;
    expect(ids(first)[0]).toBe('s001');
    const asc = (await api<SessionPage>(inspector, 'sessions?sort=created&order=asc&limit=3')).body;
    expect(ids(asc)).toEqual(['s000', 's001', 's002']);
    const next = (await api<SessionPage>(inspector, `sessions?sort=created&order=asc&limit=3&cursor=${asc.nextCursor}`)).body;
    expect(ids(next)).toEqual(['s003', 's004', 's005']);
    const odd = (await api<SessionPage>(inspector, 'sessions?owner=odd&limit=200')).body;
    expect(odd.sessions.length).toBe(SESSIONS / 2);
    expect(odd.sessions.every((s) => s.owner === 'odd')).toBe(true);
    expect(ids((await api<SessionPage>(inspector, 'sessions?meta=n%3D7')).body)).toEqual(['s007']);
    expect(ids((await api<SessionPage>(inspector, 'sessions?meta=n%3D%227%22')).body)).toEqual([]);
  });

  it('searches a bounded number of sessions per request and continues from the cursor', async () => {
    const first = (await api<SessionPage>(inspector, 'sessions?q=walrus')).body;
    // The only match is the oldest session, beyond the sessions one request looks at.
    expect(first.sessions).toEqual([]);
    expect(first.nextCursor).toBeDefined();
    const second = (await api<SessionPage>(inspector, `sessions?q=walrus&cursor=${first.nextCursor}`)).body;
    expect(ids(second)).toEqual(['s000']);
    expect(second.nextCursor).toBeUndefined();
    const ranked = (await api<SessionPage>(inspector, 'sessions?q=WALRUS&sort=created&order=asc')).body;
    expect(ids(ranked)).toEqual(['s000']);
  });
});
