import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawAdvancedSession, rawItems } from './support/raw.js';
import { sessions, sessionsOk } from './support/run-cli.js';
import { askPlain, askWeather } from './support/seed.js';

let dir = '';
let path = '';
let usageTotal = 0;
let totalCost = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sessions-cli-advanced-'));
  path = join(dir, 'advanced.db');
  const migrated = JSON.parse((await sessionsOk(['migrate', '--url', path, '--advanced', '--json'])).stdout);
  expect(migrated.kind).toBe('advanced-sqlite');

  // A conversation on the real runner, with usage stored per run, a branch from turn 2 and a fork of that branch.
  const session = new AdvancedSQLiteSession('trip', { path });
  await session.storeRunUsage(await askWeather(session, 'Weather in Paris?', 'Paris', 'call-1'), { model: 'gpt-4.1' });
  await session.storeRunUsage(await askPlain(session, 'What should I pack?', 'An umbrella, just in case.'), { model: 'gpt-4.1' });
  await session.storeRunUsage(await askPlain(session, 'Any museums?', 'The Louvre.'), { model: 'gpt-4.1' });
  await session.createBranchFromTurn(2, 'alt');
  await session.storeRunUsage(await askPlain(session, 'What about shoes?', 'Comfortable walking shoes.'), { model: 'gpt-4.1-mini' });
  await session.createBranch('alt-fork');
  await session.addItems([{ role: 'user', content: 'And a hat?' }]);
  await session.setMetadata({ user: 'u-1', plan: 'pro' });
  usageTotal = (await session.getSessionUsage())!.totalTokens;
  totalCost = (await session.getUsageStats()).totalCost;
  await session.close();

  const solo = new AdvancedSQLiteSession('solo', { path });
  await askPlain(solo, 'Hello', 'Hi!');
  await solo.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sessions on an advanced-sqlite file', () => {
  it('list shows item and branch counts', async () => {
    const page = JSON.parse((await sessionsOk(['list', '--url', path, '--json'])).stdout);
    const trip = page.sessions.find((s: { sessionId: string }) => s.sessionId === 'trip');
    expect(trip).toMatchObject({ itemCount: 8, branchCount: 3, metadata: { user: 'u-1', plan: 'pro' } });
    expect(page.sessions.map((s: { sessionId: string }) => s.sessionId).sort()).toEqual(['solo', 'trip']);
  });

  it('show prints usage per turn and --branch shows a branch', async () => {
    const main = (await sessionsOk(['show', 'trip', '--url', path])).stdout;
    expect(main).toContain('3 turn(s)');
    expect(main).toMatch(/turn 1  usage: 2 request\(s\), 280 in \+ 40 out = 320 tokens/);
    expect(main).toContain('metadata {"user":"u-1","plan":"pro"}');

    const alt = (await sessionsOk(['show', 'trip', '--branch', 'alt', '--url', path])).stdout;
    expect(alt).toContain('branch alt  2 turn(s)');
    expect(alt).toContain('What about shoes?');
    expect(alt).not.toContain('What should I pack?');
    const json = JSON.parse((await sessionsOk(['show', 'trip', '--branch', 'alt-fork', '--url', path, '--json'])).stdout);
    expect(json.turns.map((t: { turn: number }) => t.turn)).toEqual([1, 2, 3]);
    expect(json.turns[2].items[0].text).toBe('And a hat?');
    // A branch id is also a handle, as in AdvancedSQLiteSession.
    const byHandle = (await sessionsOk(['show', 'alt', '--url', path])).stdout;
    expect(byHandle.split('\n')[0]).toBe('session trip  branch alt  2 turn(s), 6 item(s)');
  });

  it('tree draws the branches with where they came from', async () => {
    const tree = (await sessionsOk(['tree', 'trip', '--url', path])).stdout;
    expect(tree).toBe(
      [
        'session trip',
        'main  (3 turn(s), 8 item(s))',
        '└── alt  from turn 2 of main  (2 turn(s), 6 item(s))',
        '    └── alt-fork  (3 turn(s), 7 item(s))',
        '',
      ].join('\n'),
    );
  });

  it('usage agrees with the store API, per branch and turn', async () => {
    const usage = JSON.parse((await sessionsOk(['usage', 'trip', '--url', path, '--json'])).stdout);
    expect(usage.recordsUsage).toBe(true);
    expect(usage.total.totalTokens).toBe(usageTotal);
    expect(usage.total.cost).toBeCloseTo(totalCost, 12);
    expect(usage.total.unpricedRows).toBe(0);
    expect(usage.turns).toContainEqual({ branchId: 'alt', turn: 2, usage: expect.objectContaining({ totalTokens: 92 }) });
    const all = (await sessionsOk(['usage', '--url', path])).stdout;
    expect(all).toMatch(/trip\s+4\s+5/);

    // A --prices table overrides the defaults; a model without a price is reported, not costed at zero.
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, JSON.stringify({ 'gpt-4.1': { input: 1000, output: 0 } }));
    const priced = JSON.parse((await sessionsOk(['usage', 'trip', '--url', path, '--prices', prices, '--json'])).stdout);
    const mainInput = priced.branches.find((b: { branchId: string }) => b.branchId === 'main').usage.inputTokens;
    expect(priced.branches.find((b: { branchId: string }) => b.branchId === 'main').usage.cost).toBeCloseTo((mainInput * 1000) / 1_000_000, 9);
    const bad = await sessions(['usage', '--url', path, '--prices', join(dir, 'missing.json')]);
    expect(bad.code).toBe(2);
  });

  it('export then import into a new file restores branches, usage, metadata, item by item, sharing history', async () => {
    const file = join(dir, 'trip.jsonl');
    await sessionsOk(['export', '--all', '--url', path, '--out', file]);
    const copy = join(dir, 'imported.db');
    expect(existsSync(copy)).toBe(false);
    await sessionsOk(['import', file, '--url', copy]);
    for (const id of ['trip', 'solo']) expect(await rawAdvancedSession(copy, id)).toEqual(await rawAdvancedSession(path, id));
    // Branches share their parent's rows, as in the source: nothing was copied per branch.
    const count = (p: string) => (new Database(p, { readonly: true }).prepare('SELECT count(*) AS n FROM agent_messages').get() as { n: number }).n;
    expect(count(copy)).toBe(count(path));

    const again = JSON.parse((await sessionsOk(['import', file, '--url', copy, '--json'])).stdout);
    expect(again.skipped.sort()).toEqual(['solo', 'trip']);
  });

  it('copy into an advanced file keeps branches; into PostgreSQL-like stores needs --main-only', async () => {
    const copy = join(dir, 'copied.db');
    await sessionsOk(['copy', '--from', path, '--to', copy]);
    expect(await rawAdvancedSession(copy, 'trip')).toEqual(await rawAdvancedSession(path, 'trip'));

    const plain = join(dir, 'plain.db');
    await sessionsOk(['migrate', '--url', plain]);
    const refused = await sessions(['copy', '--from', path, '--to', plain]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--main-only');
    await sessionsOk(['copy', '--from', path, '--to', plain, '--main-only']);
    const { dump } = await rawItems({ kind: 'sqlite', url: plain });
    const main = (await rawAdvancedSession(path, 'trip')).histories.main as { items: unknown[] };
    expect(dump.get('trip')).toEqual(main.items);
  });
});
