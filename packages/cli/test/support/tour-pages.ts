import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { formatCost } from '../../app/src/format.js';
import { screenshot } from './browser.js';
import type { RunningInspector } from './inspector.js';

export type TourUsage = { total: { cost: number; totalTokens: number; unpricedRows: number }; turns: { branchId: string; turn: number }[] };

/** A store the demo's tour ran on, open in `sessions ui` and in Chromium. */
export interface TourInBrowser {
  inspector: RunningInspector;
  page: Page;
  /** Console errors and requests to anywhere but the inspector. */
  problems: string[];
  sessionId: string;
  /** `sessions usage SESSION --json` and `sessions usage --json`. */
  sessionUsage: TourUsage;
  storeUsage: TourUsage;
  /** What the page names the store by (its kind or URL). */
  storeLabel: string;
  /** Prefix of the screenshots' names. */
  name: string;
}

/**
 * The pages of the inspector on the tour's session, whatever the store: the
 * list, the branch tree and conversation, a tool result, a branch with its
 * inherited turn, the usage charts and the costs `sessions usage --json`
 * reports, search and ordering. Registers one case per page, in order.
 */
export function tourPageCases(tour: () => TourInBrowser): void {
  it('prints its address on 127.0.0.1 with a token, and lists the sessions, most recent first', async () => {
    const { inspector, page, sessionId, problems } = tour();
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    await page.goto(inspector.url);
    const row = page.locator(`tr[data-session="${sessionId}"]`);
    await row.waitFor();
    await expect(page.locator('th').allTextContents()).resolves.toEqual(['Session', 'Updated ↓', 'Created', 'Items', 'Branches', 'Tokens', 'Cost', 'Metadata']);
    // items on main: 12; 2 branches.
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe('12');
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('2');
    await expect(page.getByTestId('store').textContent()).resolves.toContain(tour().storeLabel);
    await screenshot(page, `${tour().name}-sessions-list`);
    expect(problems).toEqual([]);
  });

  it('opens the session: the branch tree, and the conversation with a tool call and its result folded', async () => {
    const { page, sessionId, problems } = tour();
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
    await screenshot(page, `${tour().name}-session-main`);
    expect(problems).toEqual([]);
  });

  it('clicking the branch shows its conversation, with the inherited turn marked', async () => {
    const { page, problems } = tour();
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
    await screenshot(page, `${tour().name}-session-branch`);
    expect(problems).toEqual([]);
  });

  it('charts usage per branch and per turn, with the cost `sessions usage --json` reports', async () => {
    const { inspector, page, sessionId, problems, sessionUsage: usage } = tour();
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
    await screenshot(page, `${tour().name}-session-usage`);
    expect(problems).toEqual([]);
  });

  it('shows the store’s usage with the total `sessions usage --json` reports', async () => {
    const { inspector, page, problems, storeUsage: usage } = tour();
    await page.goto(`${inspector.url}#/usage`);
    await page.getByTestId('store-cost').waitFor();
    await expect(page.getByTestId('store-cost').textContent()).resolves.toBe(formatCost(usage.total.cost));
    await expect(page.getByTestId('models').textContent()).resolves.toContain('gpt-4.1-mini');
    await screenshot(page, `${tour().name}-store-usage`);
    expect(problems).toEqual([]);
  });

  it('searches sessions by content and orders them by cost', async () => {
    const { inspector, page, sessionId, problems } = tour();
    await page.goto(`${inspector.url}#/?q=JACKET`);
    await page.locator(`tr[data-session="${sessionId}"]`).waitFor();
    await page.goto(`${inspector.url}#/?q=no%20such%20words`);
    await expect(page.locator('.empty').textContent()).resolves.toBe('No session matches these filters.');
    await page.goto(`${inspector.url}#/?sort=cost&order=desc`);
    await page.locator(`tr[data-session="${sessionId}"]`).waitFor();
    await expect(page.locator('th.sorted').textContent()).resolves.toBe('Cost ↓');
    expect(problems).toEqual([]);
  });
}
