import { redactUrl } from '@sessions/postgres';
import pg from 'pg';

/** The server every test database is created on (its `test` database is only used to create and drop others). */
export const serverUrl = process.env.SESSIONS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function unreachableReason(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
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
  const what = `PostgreSQL at ${redactUrl(serverUrl)} is unreachable (${reason})`;
  if (process.env.CI === 'true') throw new Error(`${what}; under CI=true this is a failure, not a skip`);
  console.warn(`\n!!! SKIPPING the @sessions/postgres suite: ${what}. Start the server or set SESSIONS_PG_URL. !!!\n`);
}

/** False when the server cannot be reached outside CI: suites skip (loudly, above). */
export const serverAvailable = reason === undefined;
