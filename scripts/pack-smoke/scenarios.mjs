// What each pack smoke scenario packs, installs and runs.
export const packScenarios = {
  sqlite: {
    packages: ['@sessions/core', '@sessions/sqlite'],
    dependencies: ['better-sqlite3@^12', '@openai/agents@0.20.0', 'zod@^4'],
    snippet: 'sqlite.mjs',
  },
};
