// What each pack smoke scenario packs, installs and runs. Server scenarios
// run the documented migrate command on an empty database first.
const mysqlUrl = 'mysql://root@127.0.0.1:3306/sessions_pack_smoke';
const mysqlAdvancedUrl = 'mysql://root@127.0.0.1:3306/sessions_pack_smoke_adv';
const pgAdmin = 'postgres://postgres@127.0.0.1:5432/test';
const pgUrl = 'postgres://postgres@127.0.0.1:5432/sessions_pack_smoke';

export const packScenarios = {
  sqlite: {
    packages: ['@sessions/core', '@sessions/sqlite'],
    dependencies: ['better-sqlite3@^12', '@openai/agents@0.20.0', 'zod@^4'],
    snippet: 'sqlite.mjs',
  },
  'advanced-sqlite': {
    packages: ['@sessions/core', '@sessions/sqlite', '@sessions/advanced-sqlite'],
    dependencies: ['better-sqlite3@^12', '@openai/agents@0.20.0', 'zod@^4'],
    snippet: 'advanced-sqlite.mjs',
  },
  postgres: {
    packages: ['@sessions/core', '@sessions/postgres'],
    dependencies: ['pg@^8', 'drizzle-orm@^0.45.4', '@openai/agents@0.20.0', 'zod@^4'],
    snippet: 'postgres.mjs',
    before: () => [
      ['psql', pgAdmin, '-q', '-c', 'DROP DATABASE IF EXISTS sessions_pack_smoke', '-c', 'CREATE DATABASE sessions_pack_smoke'],
      ['npx', 'sessions-postgres', 'migrate', '--url', pgUrl],
    ],
    env: () => ({ DATABASE_URL: pgUrl }),
    after: () => [['psql', pgAdmin, '-q', '-c', 'DROP DATABASE IF EXISTS sessions_pack_smoke WITH (FORCE)']],
  },
  mysql: {
    packages: ['@sessions/core', '@sessions/mysql'],
    dependencies: ['mysql2@^3', '@openai/agents@0.20.0', 'zod@^4'],
    snippet: 'mysql.mjs',
    before: () => [
      ['mysql', '-uroot', '-h127.0.0.1', '-e', 'DROP DATABASE IF EXISTS sessions_pack_smoke; CREATE DATABASE sessions_pack_smoke CHARACTER SET utf8mb4'],
      ['npx', 'sessions-mysql', 'migrate', '--url', mysqlUrl],
    ],
    env: () => ({ DATABASE_URL: mysqlUrl }),
    after: () => [['mysql', '-uroot', '-h127.0.0.1', '-e', 'DROP DATABASE IF EXISTS sessions_pack_smoke']],
  },
  'advanced-mysql': {
    packages: ['@sessions/core', '@sessions/mysql'],
    dependencies: ['mysql2@^3', '@openai/agents@0.20.0', 'zod@^4'],
    snippet: 'advanced-mysql.mjs',
    before: () => [
      ['mysql', '-uroot', '-h127.0.0.1', '-e', 'DROP DATABASE IF EXISTS sessions_pack_smoke_adv; CREATE DATABASE sessions_pack_smoke_adv CHARACTER SET utf8mb4'],
      ['npx', 'sessions-mysql', 'migrate', '--url', mysqlAdvancedUrl],
    ],
    env: () => ({ DATABASE_URL: mysqlAdvancedUrl }),
    after: () => [['mysql', '-uroot', '-h127.0.0.1', '-e', 'DROP DATABASE IF EXISTS sessions_pack_smoke_adv']],
  },
  'cli-ui': {
    packages: ['@sessions/core', '@sessions/sqlite', '@sessions/advanced-sqlite', '@sessions/postgres', '@sessions/mysql', '@sessions/cli'],
    dependencies: ['@openai/agents-core@0.20.0'],
    snippet: 'cli-ui.mjs',
    before: () => [['npx', 'sessions', 'migrate', '--url', 'sessions.db', '--advanced']],
  },
};
