import type { SessionStore } from '@sessions/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStoreUrl } from '../src/store-url.js';
import { openSessionStoreAt } from '../src/stores/open-store.js';
import { rawItems } from './support/raw.js';
import { sessions, sessionsOk } from './support/run-cli.js';
import { availableKinds, freshStore, type Kind, type TestStore } from './support/stores.js';

const kinds = await availableKinds();
const PAST = '2001-02-03T04:05:06.789Z';

describe.each(kinds)('sessions prune on %s', (kind: Kind) => {
  let target: TestStore;
  let store: SessionStore;

  /** A session of `owner` with `n` items, written through the store contract. */
  async function seed(id: string, owner: string, n = 2): Promise<void> {
    const session = store.openSession(id, { owner });
    try {
      await session.addItems(Array.from({ length: n }, (_, i) => ({ role: 'user' as const, content: `${id} ${i}` })));
    } finally {
      await session.close();
    }
  }

  beforeAll(async () => {
    target = await freshStore(kind);
    await sessionsOk(['migrate', '--url', target.url]);
    store = await openSessionStoreAt(parseStoreUrl(target.url), {});
    for (const id of ['gone-1', 'gone-2', 'gone-3']) {
      await seed(id, 'alice', 3);
      await store.setSessionExpiry(id, PAST);
    }
    for (const id of ['live-1', 'live-2']) await seed(id, 'alice');
    await seed('bob-1', 'bob');
  });

  afterAll(async () => {
    await store?.close();
    await target?.drop();
  });

  it('refuses a prune without a criterion, or a bad duration, as a usage error', async () => {
    const none = await sessions(['prune', '--url', target.url]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/needs a criterion/);
    const ownerOnly = await sessions(['prune', '--url', target.url, '--owner', 'alice']);
    expect(ownerOnly.code).toBe(2);
    const bad = await sessions(['prune', '--url', target.url, '--older-than', '30 days']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--older-than must be a duration like 30d/);
    expect((await rawItems({ kind, url: target.url })).sessions).toHaveLength(6);
  });

  it('--dry-run counts what would go and deletes nothing', async () => {
    const result = await sessionsOk(['prune', '--url', target.url, '--expired', '--dry-run', '--json']);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ sessions: 3, items: 9, dryRun: true, batches: 1 });
    expect((await rawItems({ kind, url: target.url })).sessions).toHaveLength(6);
  });

  it('--expired deletes exactly the expired sessions, in batches, with progress on stderr', async () => {
    const result = await sessionsOk(['prune', '--url', target.url, '--expired', '--batch-size', '2']);
    expect(result.stdout).toMatch(/^pruned 3 sessions \(9 items, /);
    expect(result.stdout).toContain('in 2 batches');
    expect(result.stderr).toContain('prune 1/? batch 1: 2 sessions');
    expect(result.stderr).toContain('prune 2/? batch 2: 1 session');
    const { sessions: left, dump } = await rawItems({ kind, url: target.url });
    expect(left).toEqual(['bob-1', 'live-1', 'live-2']);
    expect([...dump.keys()].sort()).toEqual(['bob-1', 'live-1', 'live-2']);
    const again = JSON.parse((await sessionsOk(['prune', '--url', target.url, '--expired', '--json'])).stdout);
    expect(again).toMatchObject({ sessions: 0, batches: 0 });
  });

  it('--older-than with --owner takes only that owner\'s sessions not written for that long', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = await sessionsOk(['prune', '--url', target.url, '--older-than', '30d', '--json']);
    expect(JSON.parse(fresh.stdout).sessions).toBe(0);
    const result = JSON.parse((await sessionsOk(['prune', '--url', target.url, '--older-than', '1s', '--owner', 'alice', '--json'])).stdout);
    expect(result).toMatchObject({ sessions: 2, items: 4, dryRun: false });
    expect((await rawItems({ kind, url: target.url })).sessions).toEqual(['bob-1']);
  });

  it('--branches-older-than is refused by a store without branches', async () => {
    if (kind !== 'sqlite') return;
    const result = await sessions(['prune', '--url', target.url, '--branches-older-than', '90d']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/keeps no branches/);
  });
});
