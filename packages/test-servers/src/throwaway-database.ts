import { randomBytes } from 'node:crypto';
import { runOnServer } from './run-on-server.js';
import { serverUrl, withDatabase, type Dialect } from './server-urls.js';

/** A database of one test run's own; `drop()` removes it. */
export interface ThrowawayDatabase {
  name: string;
  url: string;
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
    return { name, url: withDatabase(serverUrl(dialect), name), drop: () => runOnServer(dialect, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
  }
  await runOnServer(dialect, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  return { name, url: withDatabase(serverUrl(dialect), name), drop: () => runOnServer(dialect, `DROP DATABASE IF EXISTS \`${name}\``) };
}
