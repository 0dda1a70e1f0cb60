import { sessionsVitestConfig } from '../../vitest.shared.js';

// The tests run the CLI as child processes; on a busy two-core machine one can take several seconds.
export default sessionsVitestConfig({ testTimeout: 120_000 });
