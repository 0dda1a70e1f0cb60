import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createThrowawayDatabase, type ThrowawayDatabase as TestDatabase } from '@sessions/test-servers';
import pg from 'pg';

const run = promisify(execFile);

/** The committed bin of this package, the one `npx sessions-postgres` runs (needs `pnpm build` first). */
export const binPath = fileURLToPath(new URL('../bin/sessions-postgres.js', import.meta.url));

export type { ThrowawayDatabase as TestDatabase } from '@sessions/test-servers';

/** A new, empty database of its own (`sessions_test_<label>_<random>`), so runs never see each other's rows. */
export function createDatabase(label: string): Promise<TestDatabase> {
  return createThrowawayDatabase('postgres', `test_${label}`);
}

/** Runs `sessions-postgres <args>` as a user would, returning its exit code and output. */
export async function runBin(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [binPath, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

/** A new database with the tables created by the documented path: `sessions-postgres migrate --url`. */
export async function createMigratedDatabase(label: string): Promise<TestDatabase> {
  const database = await createDatabase(label);
  const result = await runBin(['migrate', '--url', database.url]);
  if (result.code !== 0 || !result.stdout.includes('applied 0000_initial')) {
    await database.drop();
    throw new Error(`sessions-postgres migrate failed (exit ${result.code}); build the package first (pnpm build):\n${result.stdout}${result.stderr}`);
  }
  return database;
}

/** A pg.Pool for tests, with the 'error' listener every user pool needs. */
export function testPool(url: string, config: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, ...config });
  pool.on('error', () => {});
  return pool;
}
