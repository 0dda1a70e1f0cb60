import mysql from 'mysql2/promise';
import pg from 'pg';
import { retryWhileRefused } from './retry-refused.js';
import { serverUrl, type Dialect } from './server-urls.js';

export interface RunOnServerOptions {
  /** How long a refused connection is tried again (default 20 s). */
  retryForMs?: number;
}

const CONNECT_TIMEOUT_MS = 5_000;

/** Runs one statement on the server's default database, on a connection of its own. */
export function runOnServer(dialect: Dialect, sql: string, options: RunOnServerOptions = {}): Promise<void> {
  const once = dialect === 'postgres' ? () => runOnPostgres(sql) : () => runOnMySQL(serverUrl(dialect), sql).then(() => undefined);
  return retryWhileRefused(once, options.retryForMs ?? 20_000);
}

async function runOnPostgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl('postgres'), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** One statement on the MariaDB/MySQL server at `url`, on a connection of its own; its rows. */
export async function runOnMySQL(url: string, sql: string): Promise<mysql.RowDataPacket[]> {
  const connection = await mysql.createConnection({ uri: url, connectTimeout: CONNECT_TIMEOUT_MS });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(sql);
    return rows;
  } finally {
    await connection.end().catch(() => {});
  }
}
