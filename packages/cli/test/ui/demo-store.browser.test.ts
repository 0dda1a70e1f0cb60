import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromiumAvailable, inspectInBrowser, type InspectorInBrowser } from '../support/browser.js';
import { runDemoTour } from '../support/demo-tour.js';
import { sessionsOk } from '../support/run-cli.js';
import { tourPageCases, type TourInBrowser, type TourUsage } from '../support/tour-pages.js';

/**
 * `sessions ui` on the demo's advanced-sqlite store, in a real Chromium: the
 * sessions list, a session's branch tree and conversation, a tool result,
 * the usage charts and the cost totals against `sessions usage --json`.
 */
describe.runIf(chromiumAvailable('sessions ui in Chromium (demo store)'))('sessions ui on the demo store, in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sessions-ui-demo-'));
  const db = join(dir, 'demo.db');
  let tour: TourInBrowser;
  let close: InspectorInBrowser['close'] | undefined;

  beforeAll(async () => {
    const sessionId = await runDemoTour(['--db', db]);
    const usage = (args: string[]) => sessionsOk(['usage', ...args, '--url', db, '--json']).then(({ stdout }) => JSON.parse(stdout) as TourUsage);
    const [opened, sessionUsage, storeUsage] = await Promise.all([inspectInBrowser(db), usage([sessionId]), usage([])]);
    close = opened.close;
    tour = { ...opened, sessionId, sessionUsage, storeUsage, storeLabel: 'advanced-sqlite', name: 'demo' };
  });

  afterAll(async () => {
    expect(await close?.()).toBe(0);
    expect(tour?.inspector.stdout()).toContain('sessions ui: stopped');
    rmSync(dir, { recursive: true, force: true });
  });

  tourPageCases(() => tour);
});
