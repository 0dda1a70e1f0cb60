import { requireServer } from './require-server.js';
import type { Dialect } from './server-urls.js';

/**
 * Registers a suite that needs the dialect's server: `register()` runs as is when
 * the server answers; otherwise (after requireServer's loud warning, or its
 * failure under CI=true) its tests are registered as skipped under `suite`.
 * Await it at the top of a test file.
 */
export async function registerWithServer(dialect: Dialect, suite: string, register: () => void): Promise<void> {
  if (await requireServer(dialect, suite)) {
    register();
    return;
  }
  // Imported here, not at the top, so non-test users (the bench) never load vitest.
  const { describe } = await import('vitest');
  describe.skip(`${suite} (server unreachable)`, register);
}
