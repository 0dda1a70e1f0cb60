import { sessionsVitestConfig } from '../../vitest.shared.js';

// One file at a time: test/restart.test.ts restarts the server, which would break files running beside it.
export default sessionsVitestConfig({ fileParallelism: false });
