import { createThrowawayDatabase, registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, inspectInBrowser, screenshot, type InspectorInBrowser } from '../support/browser.js';
import { runDemoTour } from '../support/demo-tour.js';
import { api } from '../support/inspector.js';
import { sessionsOk } from '../support/run-cli.js';
import { tourPageCases, type TourInBrowser, type TourUsage } from '../support/tour-pages.js';

/** The URL with a password in it (the test server trusts local connections, so any password is accepted). */
function withPassword(url: string): { url: string; password: string } {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = 'pw-never-shown-4913';
  return { url: parsed.href, password: decodeURIComponent(parsed.password) };
}

/** The demo's tour on PostgreSQL, the same pages as on the demo's SQLite file; then the database goes away. */
await registerWithServer('postgres', '@sessions/cli sessions ui on PostgreSQL', () => {
  describe.runIf(chromiumAvailable('sessions ui in Chromium (PostgreSQL)'))('sessions ui on PostgreSQL, in Chromium', () => {
    let database: ThrowawayDatabase;
    let store: { url: string; password: string };
    let tour: TourInBrowser;
    let close: InspectorInBrowser['close'] | undefined;

    beforeAll(async () => {
      database = await createThrowawayDatabase('postgres', 'cli_ui');
      store = withPassword(database.url);
      const sessionId = await runDemoTour(['--store', 'postgres', '--url', database.url, '--migrate']);
      const usage = (args: string[]) => sessionsOk(['usage', ...args, '--url', database.url, '--json']).then(({ stdout }) => JSON.parse(stdout) as TourUsage);
      const [opened, sessionUsage, storeUsage] = await Promise.all([inspectInBrowser(store.url), usage([sessionId]), usage([])]);
      close = opened.close;
      tour = { ...opened, sessionId, sessionUsage, storeUsage, storeLabel: 'postgres://', name: 'postgres' };
    });

    afterAll(async () => {
      await close?.();
      await database?.drop();
    });

    it('never shows the password', async () => {
      const { inspector, page } = tour;
      expect(inspector.stdout()).not.toContain(store.password);
      expect(inspector.stdout()).toContain(':***@');
      await page.goto(inspector.url);
      await page.locator(`tr[data-session="${tour.sessionId}"]`).waitFor();
      await expect(page.getByTestId('store').textContent()).resolves.toContain(':***@');
      expect(await page.content()).not.toContain(store.password);
    });

    tourPageCases(() => tour);

    it('shows an error on the page when the database goes away, and keeps serving', async () => {
      const { inspector, page, sessionId } = tour;
      await database.drop();
      await page.goto(`${inspector.url}#/session/${encodeURIComponent(sessionId)}`);
      const banner = page.getByTestId('error');
      await banner.waitFor();
      // The first read after the drop may fail on the connection the server lost; the next one reconnects and is refused.
      await banner.getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toMatch(/cannot (open|reach) postgres:\/\/.*:\*\*\*@.*does not exist/);
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
