import { mergeConfig } from 'vitest/config';
import { sessionsVitestConfig } from '../../vitest.shared.js';

// The tests run the CLI as child processes; on a busy two-core machine one can take several seconds.
// `sessions ui` serves the built page, so the page is built before any test runs.
export default mergeConfig(sessionsVitestConfig({ testTimeout: 120_000 }), { test: { globalSetup: ['test/support/build-app.setup.ts'] } });
