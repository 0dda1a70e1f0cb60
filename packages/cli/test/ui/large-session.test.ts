import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSessionArchive, type SessionArchiveInput } from '@sessions/advanced-sqlite';
import { acquireConnection } from '@sessions/sqlite';
import { SQLiteSession } from '@sessions/sqlite';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionOverview, TurnPage, UsagePage } from '../../src/ui/api-types.js';
import { chromiumAvailable, inspectorPage, launchChromium, screenshot } from '../support/browser.js';
import { api, startInspector, type RunningInspector } from '../support/inspector.js';

const TURNS = 10_000;
const BRANCH_FROM = 5_000;

const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
const user = (turn: number) => JSON.stringify({ type: 'message', role: 'user', content: `question ${turn}` });
const assistant = (turn: number) =>
  JSON.stringify({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: `answer ${turn}`, annotations: [] }] });

/** A 10,000-turn session with a branch from turn 5,000 and usage on every turn of main, written in one go. */
function longArchive(): SessionArchiveInput {
  const main = Array.from({ length: TURNS }, (_, i) => [
    { data: user(i + 1), createdAt: at(2 * i) },
    { data: assistant(i + 1), createdAt: at(2 * i + 1) },
  ]).flat();
  const branchItems = [...main.slice(0, 2 * (BRANCH_FROM - 1)), { data: user(-1), createdAt: at(3 * TURNS) }, { data: assistant(-1), createdAt: at(3 * TURNS + 1) }];
  return {
    sessionId: 'long',
    createdAt: at(0),
    updatedAt: at(3 * TURNS + 1),
    metadata: { user: 'load-test' },
    branches: [
      { branchId: 'main', parentBranchId: null, fromTurn: null, items: main },
      { branchId: 'retry', parentBranchId: 'main', fromTurn: BRANCH_FROM, createdAt: at(3 * TURNS - 1), items: branchItems },
    ],
    usage: Array.from({ length: TURNS }, (_, i) => ({
      branchId: 'main',
      turn: i + 1,
      runId: `run-${i + 1}`,
      model: i % 100 === 0 ? 'house-model' : 'gpt-4.1',
      requests: 1,
      inputTokens: 100 + (i % 50),
      cachedInputTokens: 20,
      outputTokens: 10,
      reasoningTokens: 0,
      totalTokens: 110 + (i % 50),
      inputTokensDetails: '{"cached_tokens":20}',
      outputTokensDetails: '{"reasoning_tokens":0}',
    })),
  };
}

const turnsOf = (page: TurnPage) => page.turns.map((t) => t.turn);

/** Lists and conversations page from the store: a 10,000-turn session opens on its first page and scrolls. */
describe('sessions ui on a session of 10,000 turns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sessions-ui-large-'));
  const advanced = join(dir, 'advanced.db');
  const plain = join(dir, 'plain.db');
  let onAdvanced: RunningInspector;
  let onPlain: RunningInspector;

  beforeAll(async () => {
    const connection = acquireConnection(advanced);
    try {
      writeSessionArchive(connection.db, longArchive());
    } finally {
      connection.release();
    }
    const session = new SQLiteSession('long', { path: plain });
    await session.addItems(Array.from({ length: TURNS }, (_, i) => [JSON.parse(user(i + 1)), JSON.parse(assistant(i + 1))]).flat());
    await session.close();
    [onAdvanced, onPlain] = await Promise.all([startInspector(advanced), startInspector(plain)]);
  });

  afterAll(async () => {
    await Promise.all([onAdvanced?.stop(), onPlain?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('advanced-sqlite: the overview counts without reading the conversation; pages hold 30 turns; any turn can be jumped to', async () => {
    const overview = await api<SessionOverview>(onAdvanced, 'session?id=long');
    expect(overview.body.branches.map((b) => [b.branchId, b.turns, b.items])).toEqual([
      ['main', TURNS, 2 * TURNS],
      ['retry', BRANCH_FROM, 2 * BRANCH_FROM],
    ]);
    expect(overview.body.usage).toMatchObject({ runs: TURNS, unpricedRuns: TURNS / 100, unpricedModels: ['house-model'] });

    const first = await fetch(`${onAdvanced.origin}/api/turns?id=long&limit=30`, { headers: { Authorization: `Bearer ${onAdvanced.token}` } });
    const text = await first.text();
    expect(text.length).toBeLessThan(60_000);
    const page = JSON.parse(text) as TurnPage;
    expect(turnsOf(page)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(page.turnCount).toBe(TURNS);
    const second = await api<TurnPage>(onAdvanced, `turns?id=long&limit=30&cursor=${page.nextCursor}`);
    expect(turnsOf(second.body)[0]).toBe(31);
    const last = await api<TurnPage>(onAdvanced, 'turns?id=long&limit=30&from=9990');
    expect(turnsOf(last.body)).toEqual(Array.from({ length: 11 }, (_, i) => 9990 + i));
    expect(last.body.nextCursor).toBeUndefined();

    const fork = await api<TurnPage>(onAdvanced, `turns?id=long&branch=retry&from=${BRANCH_FROM - 2}&limit=5`);
    expect(fork.body.turns.map((t) => [t.turn, t.inherited])).toEqual([
      [BRANCH_FROM - 2, true],
      [BRANCH_FROM - 1, true],
      [BRANCH_FROM, false],
    ]);
    expect(fork.body.turns[2]!.items[0]!.text).toBe('question -1');

    const usage = await api<UsagePage>(onAdvanced, 'turn-usage?id=long&from=9951&limit=50');
    expect(usage.body.turns.map((t) => t.turn)).toEqual(Array.from({ length: 50 }, (_, i) => 9951 + i));
    expect(usage.body.turns.find((t) => t.turn === 10_000)!.runs).toEqual([expect.objectContaining({ runId: 'run-10000', model: 'gpt-4.1', priced: true })]);
    expect(usage.body.turns.find((t) => t.turn === 9_901)).toBeUndefined();
    expect((await api<UsagePage>(onAdvanced, 'turn-usage?id=long&from=9901&limit=1')).body.turns[0]!.runs[0]).toMatchObject({ model: 'house-model', priced: false });
  });

  it('opens in under a second: the overview and the first page of turns', async () => {
    const started = performance.now();
    await Promise.all([api<SessionOverview>(onAdvanced, 'session?id=long'), api<TurnPage>(onAdvanced, 'turns?id=long&limit=30')]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a plain store: turns are numbered while reading, a bounded page at a time, continuing across pages', async () => {
    let page = (await api<TurnPage>(onPlain, 'turns?id=long&limit=30')).body;
    expect(turnsOf(page)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(page.turnCount).toBe(TURNS);
    for (let n = 0; n < 3; n++) page = (await api<TurnPage>(onPlain, `turns?id=long&limit=30&cursor=${page.nextCursor}`)).body;
    expect(turnsOf(page)).toEqual(Array.from({ length: 30 }, (_, i) => 91 + i));
    expect(page.turns[0]!.items.map((item) => item.text)).toEqual(['question 91', 'answer 91']);
    const last = (await api<TurnPage>(onPlain, 'turns?id=long&limit=30&from=9990')).body;
    expect(turnsOf(last)).toEqual(Array.from({ length: 11 }, (_, i) => 9990 + i));
    expect(last.nextCursor).toBeUndefined();
  });

  describe.runIf(chromiumAvailable('sessions ui in Chromium (10,000 turns)'))('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('opens on the first page, loads the next as it scrolls, and jumps to the last turns', async () => {
      const { page, problems } = await inspectorPage(browser, onAdvanced.origin);
      await page.goto(`${onAdvanced.url}#/session/long`);
      await page.locator('[data-turn="30"]').waitFor();
      await expect(page.locator('[data-testid=turn]').count()).resolves.toBe(30);
      await expect(page.getByTestId('branch-tree').textContent()).resolves.toContain('10,000 turns');
      await page.locator('.sentinel').scrollIntoViewIfNeeded();
      await page.locator('[data-turn="31"]').waitFor();
      await expect(page.locator('[data-testid=turn]').count()).resolves.toBe(60);
      await page.locator('.jump input').fill('9990');
      await page.locator('.jump button[type=submit]').click();
      await page.locator('[data-turn="10000"]').waitFor();
      await expect(page.locator('[data-testid=turn]').count()).resolves.toBe(11);
      await expect(page.locator('.end').textContent()).resolves.toBe('End of the branch.');
      await screenshot(page, 'large-session-last-turns');
      await page.goto(`${onAdvanced.url}#/session/long?tab=usage`);
      await page.locator('[data-testid=turn-token-chart] [data-bar="50"]').waitFor();
      await expect(page.getByTestId('unpriced').textContent()).resolves.toContain('100 runs of models without a price (house-model)');
      await screenshot(page, 'large-session-usage');
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});
