import { createThrowawayDatabase, registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, inspectInBrowser, screenshot, type InspectorInBrowser } from '../support/browser.js';
import { runDemoTour } from '../support/demo-tour.js';
import { api, type RunningInspector } from '../support/inspector.js';
import { sessionsOk } from '../support/run-cli.js';

/** The URL with a password in it (the test server trusts local connections, so any password is accepted). */
function withPassword(url: string): { url: string; password: string } {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = 'pw-never-shown-4913';
  return { url: parsed.href, password: decodeURIComponent(parsed.password) };
}

await registerWithServer('postgres', '@sessions/cli sessions ui on PostgreSQL', () => {
  describe.runIf(chromiumAvailable('sessions ui in Chromium (PostgreSQL)'))('sessions ui on PostgreSQL, in Chromium', () => {
    let database: ThrowawayDatabase;
    let store: { url: string; password: string };
    let sessionId = '';
    let inspector: RunningInspector;
    let page: Page;
    let problems: string[];
    let close: InspectorInBrowser['close'];
    let usageJson: unknown;

    beforeAll(async () => {
      database = await createThrowawayDatabase('postgres', 'cli_ui');
      store = withPassword(database.url);
      sessionId = await runDemoTour(['--store', 'postgres', '--url', database.url, '--migrate']);
      let opened: InspectorInBrowser;
      [opened, usageJson] = await Promise.all([
        inspectInBrowser(store.url),
        sessionsOk(['usage', sessionId, '--url', database.url, '--json']).then(({ stdout }) => JSON.parse(stdout) as unknown),
      ]);
      ({ inspector, page, problems, close } = opened);
    });

    afterAll(async () => {
      await close?.();
      await database?.drop();
    });

    it('lists the tour’s session, says what a plain store lacks, and never shows the password', async () => {
      expect(inspector.stdout()).not.toContain(store.password);
      expect(inspector.stdout()).toContain(':***@');
      await page.goto(inspector.url);
      const row = page.locator(`tr[data-session="${sessionId}"]`);
      await row.waitFor();
      await expect(row.locator('td').nth(3).textContent()).resolves.toBe('12');
      await expect(page.locator('th').allTextContents()).resolves.toEqual(['Session', 'Updated ↓', 'Created', 'Items']);
      await expect(page.getByTestId('lacks').textContent()).resolves.toContain('no branches');
      await expect(page.getByTestId('store').textContent()).resolves.toContain('postgres://');
      expect(await page.content()).not.toContain(store.password);
      await screenshot(page, 'postgres-sessions-list');
      expect(problems).toEqual([]);
    });

    it('opens the session turn by turn, and reads a tool result', async () => {
      await page.locator(`tr[data-session="${sessionId}"] td.id a`).click();
      await page.locator('[data-turn="4"]').waitFor();
      await expect(page.locator('[data-testid=turn]').count()).resolves.toBe(4);
      await expect(page.locator('.panel').first().textContent()).resolves.toContain('main is all of it');
      const result = page.locator('[data-turn="4"] [data-kind=function_call_result]');
      await result.locator('summary').click();
      await expect(result.locator('pre.body').textContent()).resolves.toContain('"condition": "fog"');
      await screenshot(page, 'postgres-session');
      expect(problems).toEqual([]);
    });

    it('says the store records no usage, as `sessions usage --json` does', async () => {
      expect(usageJson).toMatchObject({ recordsUsage: false, total: { cost: 0, runs: 0 } });
      await page.getByTestId('usage-tab').click();
      await expect(page.getByTestId('no-usage').textContent()).resolves.toContain('records no token usage');
      await page.goto(`${inspector.url}#/usage`);
      await expect(page.getByTestId('no-usage').textContent()).resolves.toContain('records no token usage');
      expect(problems).toEqual([]);
    });

    it('shows an error on the page when the database goes away, and keeps serving', async () => {
      await database.drop();
      await page.goto(`${inspector.url}#/session/${encodeURIComponent(sessionId)}`);
      const banner = page.getByTestId('error');
      await banner.waitFor();
      // The first read after the drop may fail on the connection the server lost; the next one reconnects and is refused.
      await banner.getByRole('button', { name: 'Try again' }).click();
      await expect(banner.textContent()).resolves.toMatch(/cannot (open|reach) postgres:\/\/.*:\*\*\*@.*does not exist|terminat/);
      await screenshot(page, 'postgres-unreachable');
      expect(inspector.child.exitCode).toBeNull();
      const answer = await api<{ error: { message: string } }>(inspector, 'store');
      expect(answer.status).toBe(503);
      expect(answer.body.error.message).toContain('does not exist');
      expect(answer.body.error.message).not.toContain(store.password);
      expect(inspector.child.exitCode).toBeNull();
    });
  });
});
