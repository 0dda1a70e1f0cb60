import { defineConfig } from 'vitest/config';

/**
 * Workspace packages resolve through their `@sessions/source` export condition,
 * so tests run against `src/` without a build. `import` is deliberately not in
 * the list: Node applies these conditions to require() too, and pg's `import`
 * entry is an ES module that `require('pg-pool')` cannot extend.
 */
const conditions = ['@sessions/source', 'node', 'default'];

export interface SessionsVitestOptions {
  testTimeout?: number;
  include?: string[];
  /** false for packages whose tests restart a shared server and so must not run beside each other. */
  fileParallelism?: boolean;
}

export function sessionsVitestConfig(options: SessionsVitestOptions = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      include: options.include ?? ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: 60_000,
      pool: 'forks',
      fileParallelism: options.fileParallelism ?? true,
      // The JSON result lets the root test command print one closing count for the whole repo.
      reporters: ['default', ['json', { outputFile: '.vitest-result.json' }]],
      typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    },
  });
}
