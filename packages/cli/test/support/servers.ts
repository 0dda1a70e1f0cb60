import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';

export const PG_URL = process.env.SESSIONS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.SESSIONS_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const CI = process.env.CI === 'true';

export type ServerDialect = 'postgres' | 'mysql';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.href;
}

/**
 * Runs one statement on the server's default database. A refused connection is
 * retried for a few seconds: other packages' tests restart the local servers.
 */
async function adminQuery(dialect: ServerDialect, sql: string, retryForMs = 20_000): Promise<void> {
  const deadline = Date.now() + retryForMs;
  for (;;) {
    try {
      return await adminQueryOnce(dialect, sql);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const transient = code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P03' || code === 'PROTOCOL_CONNECTION_LOST';
      if (!transient || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function adminQueryOnce(dialect: ServerDialect, sql: string): Promise<void> {
  if (dialect === 'postgres') {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  } else {
    const connection = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 5000 });
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  }
}

/**
 * Whether the server answers. Unreachable: a loud skip, or a failure under
 * CI=true (where .ci/run starts the servers and a skip would hide a break).
 */
export async function serverAvailable(dialect: ServerDialect): Promise<boolean> {
  try {
    await adminQuery(dialect, 'SELECT 1', 5_000);
    return true;
  } catch (error) {
    const url = dialect === 'postgres' ? PG_URL : MYSQL_URL;
    const message = `${dialect} at ${url} is unreachable (${(error as Error).message})`;
    if (CI) throw new Error(`${message}; CI=true, so this is a failure, not a skip`);
    console.warn(`\n*** SKIPPING @sessions/cli ${dialect} tests: ${message}. Start the server or set SESSIONS_${dialect === 'postgres' ? 'PG' : 'MYSQL'}_URL. ***\n`);
    return false;
  }
}

/** A database of this test run's own (`sessions_cli_<random>`); `drop()` removes it. */
export async function createDatabase(dialect: ServerDialect): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `sessions_cli_${randomBytes(5).toString('hex')}`;
  await adminQuery(dialect, `CREATE DATABASE ${name}`);
  const base = dialect === 'postgres' ? PG_URL : MYSQL_URL;
  return {
    name,
    url: withDatabase(base, name),
    drop: () => adminQuery(dialect, dialect === 'postgres' ? `DROP DATABASE IF EXISTS ${name} WITH (FORCE)` : `DROP DATABASE IF EXISTS ${name}`),
  };
}
