import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startInspector, type RunningInspector } from './inspector.js';

/** Debian's chromium package; `.ci/run` installs it. */
export const CHROMIUM = process.env.SESSIONS_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

/**
 * Whether the browser tests can run: skipped with a loud warning when
 * chromium is missing, except under CI=true, where that is a failure.
 */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const what = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set SESSIONS_CHROMIUM)`;
  if (process.env.CI === 'true') throw new Error(`${suite}: ${what}; under CI=true this is a failure, not a skip`);
  console.warn(`\n!!! SKIPPING ${suite}: ${what}. !!!\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * A page that fails the test on any script error, and on any request that
 * would leave the machine (the inspector's page must need nothing from elsewhere).
 */
export async function inspectorPage(browser: Browser, allowedOrigin: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (401|403|404|503)/.test(message.text())) problems.push(`console error: ${message.text()}`);
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(allowedOrigin) || url.startsWith('data:')) return route.continue();
    problems.push(`request left the machine: ${url}`);
    return route.abort();
  });
  return { page, problems };
}

/** Saves what a test checked, for people to look at (test/screenshots/, not committed). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface InspectorInBrowser {
  inspector: RunningInspector;
  page: Page;
  problems: string[];
  /** Closes the browser and stops the inspector (Ctrl-C); its exit code. */
  close(): Promise<number | null | undefined>;
}

/** `sessions ui --url URL` and a Chromium page on it, started side by side. */
export async function inspectInBrowser(url: string): Promise<InspectorInBrowser> {
  const [inspector, browser] = await Promise.all([startInspector(url), launchChromium()]);
  const { page, problems } = await inspectorPage(browser, inspector.origin);
  return {
    inspector,
    page,
    problems,
    close: async () => {
      await browser.close();
      return inspector.stop();
    },
  };
}
