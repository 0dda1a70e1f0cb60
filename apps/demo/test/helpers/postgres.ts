import { randomBytes } from 'node:crypto';
import { migrate } from '@sessions/postgres';
import pg from 'pg';

/** The server the test databases are created on. */
export const PG_SERVER_URL = process.env.SESSIONS_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function unreachableReason(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_SERVER_URL, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || String((error as { code?: string }).code) : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const reason = await unreachableReason();
if (reason !== undefined) {
  const what = `PostgreSQL at ${redacted(PG_SERVER_URL)} is unreachable (${reason})`;
  if (process.env.CI === 'true') throw new Error(`${what}; under CI=true this is a failure, not a skip`);
  console.warn(`\n!!! SKIPPING the demo's PostgreSQL tests: ${what}. Start the server or set SESSIONS_PG_URL. !!!\n`);
}

export const postgresAvailable = reason === undefined;

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_SERVER_URL });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `sessions_demo_<random>`, migrated with @sessions/postgres's `migrate`, as a user's deploy step would. */
export async function createMigratedDatabase(): Promise<TestDatabase> {
  const name = `sessions_demo_${randomBytes(5).toString('hex')}`;
  await onServer(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_SERVER_URL);
  url.pathname = `/${name}`;
  const drop = () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    await migrate({ url: url.toString() });
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), drop };
}
