import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings: resolve workspace packages through their `source`
 * export condition so tests run against `src/` without a build.
 */
export function sessionsVitestConfig(overrides: { testTimeout?: number; include?: string[] } = {}) {
  return defineConfig({
    resolve: { conditions: ['@sessions/source', 'import', 'node', 'default'] },
    ssr: { resolve: { conditions: ['@sessions/source', 'import', 'node', 'default'] } },
    test: {
      include: overrides.include ?? ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 30_000,
      hookTimeout: 60_000,
      pool: 'forks',
      // The JSON result lets the root test command print one closing count for the whole repo.
      reporters: ['default', ['json', { outputFile: '.vitest-result.json' }]],
      typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    },
  });
}
