import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCost } from '../../app/src/format.js';
import { chromiumAvailable, inspectInBrowser, screenshot, type InspectorInBrowser } from '../support/browser.js';
import { runDemoTour } from '../support/demo-tour.js';
import type { RunningInspector } from '../support/inspector.js';
import { sessionsOk } from '../support/run-cli.js';

/**
 * `sessions ui` on the demo's advanced-sqlite store, in a real Chromium: the
 * sessions list, a session's branch tree and conversation, a tool result,
 * the usage charts and the cost totals against `sessions usage --json`.
 */
describe.runIf(chromiumAvailable('sessions ui in Chromium (demo store)'))('sessions ui on the demo store, in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sessions-ui-demo-'));
  const db = join(dir, 'demo.db');
  let sessionId = '';
  let inspector: RunningInspector;
  let page: Page;
  let problems: string[];
  let close: InspectorInBrowser['close'];
  type Usage = { total: { cost: number; totalTokens: number; unpricedRows: number }; turns: { branchId: string; turn: number }[] };
  let sessionUsage: Usage;
  let storeUsage: Usage;

  beforeAll(async () => {
    sessionId = await runDemoTour(['--db', db]);
    const usage = (args: string[]) => sessionsOk(['usage', ...args, '--url', db, '--json']).then(({ stdout }) => JSON.parse(stdout) as Usage);
    let opened: InspectorInBrowser;
    [opened, sessionUsage, storeUsage] = await Promise.all([inspectInBrowser(db), usage([sessionId]), usage([])]);
    ({ inspector, page, problems, close } = opened);
  });

  afterAll(async () => {
    expect(await close?.()).toBe(0);
    expect(inspector?.stdout()).toContain('sessions ui: stopped');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints its address on 127.0.0.1 with a token, and lists the sessions, most recent first', async () => {
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    await page.goto(inspector.url);
    const row = page.locator(`tr[data-session="${sessionId}"]`);
    await row.waitFor();
    // items on main: 12; 2 branches.
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe('12');
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('2');
    await expect(page.getByTestId('store').textContent()).resolves.toContain('advanced-sqlite');
    await screenshot(page, 'demo-sessions-list');
    expect(problems).toEqual([]);
  });

  it('opens the session: the branch tree, and the conversation with a tool call and its result folded', async () => {
    await page.locator(`tr[data-session="${sessionId}"] td.id a`).click();
    await page.getByTestId('branch-tree').waitFor();
    await expect(page.getByTestId('session-id').textContent()).resolves.toBe(sessionId);
    const lanes = page.locator('[data-testid=branch-tree] [data-branch]');
    await expect(lanes.count()).resolves.toBe(2);
    await expect(lanes.first().textContent()).resolves.toContain('4 turns · 12 items');
    await expect(lanes.nth(1).textContent()).resolves.toContain('from turn 2 of main');

    await page.locator('[data-turn="4"]').waitFor();
    await expect(page.locator('[data-testid=turn]').count()).resolves.toBe(4);
    const result = page.locator('[data-turn="3"] [data-kind=function_call_result]');
    await expect(result.locator('summary').textContent()).resolves.toContain('get_weather');
    await expect(result.locator('pre.body').isVisible()).resolves.toBe(false);
    await result.locator('summary').click();
    await expect(result.locator('pre.body').textContent()).resolves.toContain('"condition": "fog"');
    await result.getByRole('button', { name: 'JSON' }).click();
    await expect(result.getByTestId('raw-json').textContent()).resolves.toContain('"type": "function_call_result"');
    await screenshot(page, 'demo-session-main');
    expect(problems).toEqual([]);
  });

  it('clicking the branch shows its conversation, with the inherited turn marked', async () => {
    const branch = page.locator('[data-testid=branch-tree] [data-branch]').nth(1);
    const branchId = await branch.getAttribute('data-branch');
    await branch.click();
    await page.waitForURL(new RegExp(`branch=${branchId}`));
    await page.locator('[data-turn="2"]').waitFor();
    await expect(page.locator('[data-testid=turn]').count()).resolves.toBe(2);
    await expect(page.locator('[data-turn="1"]').getAttribute('class')).resolves.toContain('inherited');
    await expect(page.locator('[data-turn="1"] .tag.inherited').textContent()).resolves.toBe('inherited from main');
    await expect(page.locator('[data-turn="2"] .tag.inherited').count()).resolves.toBe(0);
    await expect(page.locator('[data-turn="2"] [data-kind=user]').textContent()).resolves.toContain('How long is it?');
    await expect(page.locator('[data-testid=branch-tree] .lane.selected').getAttribute('data-branch')).resolves.toBe(branchId);
    await screenshot(page, 'demo-session-branch');
    expect(problems).toEqual([]);
  });

  it('charts usage per branch and per turn, with the cost `sessions usage --json` reports', async () => {
    const usage = sessionUsage;
    expect(usage.total.unpricedRows).toBe(0);
    await page.goto(`${inspector.url}#/session/${encodeURIComponent(sessionId)}?tab=usage`);
    await page.getByTestId('runs').waitFor();
    await expect(page.getByTestId('session-cost').textContent()).resolves.toBe(formatCost(usage.total.cost));
    await expect(page.getByTestId('session-usage').textContent()).resolves.toContain(usage.total.totalTokens.toLocaleString('en-US'));
    const mainTurns = usage.turns.filter((t) => t.branchId === 'main').map((t) => String(t.turn));
    await expect(page.locator('[data-testid=turn-token-chart] [data-bar]').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-bar')))).resolves.toEqual(mainTurns);
    // The run and model behind a bar.
    await expect(page.locator('[data-testid=turn-token-chart] [data-bar="3"] title').textContent()).resolves.toMatch(/^turn 3: .*\nrun .* · gpt-4\.1-mini: /);
    await expect(page.getByTestId('runs').textContent()).resolves.toContain('gpt-4.1-mini');
    await expect(page.locator('[data-testid=branch-chart] [data-row]').count()).resolves.toBe(2);
    await screenshot(page, 'demo-session-usage');
    expect(problems).toEqual([]);
  });

  it('shows the store’s usage with the total `sessions usage --json` reports', async () => {
    const usage = storeUsage;
    await page.goto(`${inspector.url}#/usage`);
    await page.getByTestId('store-cost').waitFor();
    await expect(page.getByTestId('store-cost').textContent()).resolves.toBe(formatCost(usage.total.cost));
    await expect(page.getByTestId('models').textContent()).resolves.toContain('gpt-4.1-mini');
    await screenshot(page, 'demo-store-usage');
    expect(problems).toEqual([]);
  });

  it('searches sessions by content and orders them by cost', async () => {
    await page.goto(`${inspector.url}#/?q=JACKET`);
    await page.locator(`tr[data-session="${sessionId}"]`).waitFor();
    await page.goto(`${inspector.url}#/?q=no%20such%20words`);
    await expect(page.locator('.empty').textContent()).resolves.toBe('No session matches these filters.');
    await page.goto(`${inspector.url}#/?sort=cost&order=desc`);
    await page.locator(`tr[data-session="${sessionId}"]`).waitFor();
    await expect(page.locator('th.sorted').textContent()).resolves.toBe('Cost ↓');
    expect(problems).toEqual([]);
  });
});
