import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createConnection, type Connection } from 'mysql2/promise';
import { describe, it } from 'vitest';

/** The server the tests use; each test file works in a database of its own on it. */
export const serverUrl = process.env.SESSIONS_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

const binary = fileURLToPath(new URL('../bin/sessions-mysql.js', import.meta.url));

/** Why the server cannot be used, or undefined when it answers. */
export async function serverProblem(): Promise<string | undefined> {
  try {
    const connection = await createConnection({ uri: serverUrl, connectTimeout: 5000 });
    await connection.end();
    return undefined;
  } catch (error) {
    return `${(error as Error).message || (error as { code?: string }).code}`;
  }
}

/**
 * Registers `suite` when the server answers. Otherwise: under CI=true the file
 * fails; locally the suite is skipped with a loud warning saying why.
 */
export async function whenServerReachable(name: string, suite: () => void): Promise<void> {
  const problem = await serverProblem();
  if (problem === undefined) {
    suite();
    return;
  }
  const shown = new URL(serverUrl);
  if (shown.password) shown.password = '***';
  const message = `MariaDB/MySQL at ${shown.toString()} is unreachable (${problem}); set SESSIONS_MYSQL_URL or start the server.`;
  if (process.env.CI === 'true') throw new Error(`${message} Under CI this is a failure.`);
  console.warn(`\n*** SKIPPING ${name}: ${message} ***\n`);
  describe.skip(name, () => {
    it('needs a reachable MySQL/MariaDB server', () => {});
  });
}

export function rootConnection(): Promise<Connection> {
  return createConnection({ uri: serverUrl, charset: 'UTF8MB4_UNICODE_CI' });
}

/** A fresh, empty utf8mb4 database for one test file; `url` reaches it. */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `sessions_test_${randomBytes(6).toString('hex')}`;
  const admin = await rootConnection();
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const connection = await rootConnection();
      try {
        await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await connection.end();
      }
    },
  };
}

/** Applies the migrations the documented way: the built `sessions-mysql migrate --url` binary. */
export function runMigrateBinary(url: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [binary, 'migrate', '--url', url], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function migrateWithBinary(url: string): string {
  const result = runMigrateBinary(url);
  if (result.status !== 0) throw new Error(`sessions-mysql migrate exited ${result.status}: ${result.stderr || result.stdout}`);
  return result.stdout;
}
