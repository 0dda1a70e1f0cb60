import { randomBytes } from 'node:crypto';
import { runOnMySQL, runOnServer } from './run-on-server.js';
import { serverUrls, withDatabase, type Dialect } from './server-urls.js';

/** A database of one test run's own; `drop()` removes it. */
export interface ThrowawayDatabase {
  name: string;
  url: string;
  /** The database through every node of a cluster (`url` is the first); `[url]` on a single server. */
  urls: string[];
  drop(): Promise<void>;
}

const LABEL = /^[a-z0-9_]+$/;

/**
 * Creates `sessions_<label>_<random>`, empty, on the dialect's server
 * (utf8mb4 on MySQL), so runs never see each other's rows.
 */
export async function createThrowawayDatabase(dialect: Dialect, label: string): Promise<ThrowawayDatabase> {
  if (!LABEL.test(label)) throw new Error(`database label ${JSON.stringify(label)} must be lowercase letters, digits and _`);
  const name = `sessions_${label}_${randomBytes(5).toString('hex')}`;
  // 63 is PostgreSQL's identifier limit (MySQL's is 64); a longer name would be cut silently.
  if (name.length > 63) throw new Error(`database label ${JSON.stringify(label)} is too long: ${name} exceeds 63 characters`);
  if (dialect === 'postgres') {
    await runOnServer(dialect, `CREATE DATABASE "${name}"`);
    return database(dialect, name, () => runOnServer(dialect, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
  // On a cluster, created (and dropped) through its first node and replicated to the others.
  await runOnServer(dialect, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const created = database(dialect, name, () => runOnServer(dialect, `DROP DATABASE IF EXISTS \`${name}\``));
  // The other nodes apply it a moment later: wait until each has, so it can be connected to at once.
  if (dialect === 'galera') {
    const seen = `SET STATEMENT wsrep_sync_wait = 1 FOR SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${name}'`;
    await Promise.all(serverUrls(dialect).slice(1).map((url) => runOnMySQL(url, seen)));
  }
  return created;
}

function database(dialect: Dialect, name: string, drop: () => Promise<void>): ThrowawayDatabase {
  const urls = serverUrls(dialect).map((url) => withDatabase(url, name));
  return { name, url: urls[0]!, urls, drop };
}
