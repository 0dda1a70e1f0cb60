import { sessionsVitestConfig } from '../../vitest.shared.js';

const config = sessionsVitestConfig({ testTimeout: 120_000 });
// pg's package.json maps `import` to an ES module that `require('pg-pool')` cannot extend; Node
// applies custom conditions to require() as well, so `import` must not be one of them here.
const conditions = ['@sessions/source', 'node', 'default'];
config.resolve = { ...config.resolve, conditions };
config.ssr = { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } };

export default config;
