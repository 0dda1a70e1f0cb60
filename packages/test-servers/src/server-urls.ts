/** The server kinds the tests run against: one PostgreSQL, one MariaDB/MySQL, and a MariaDB Galera cluster. */
export type Dialect = 'postgres' | 'mysql' | 'galera';

/** The PostgreSQL server; its default database is only used to create and drop throwaway ones. */
export const postgresServerUrl = process.env.SESSIONS_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** The MariaDB/MySQL server; its default database is only used to create and drop throwaway ones. */
export const mysqlServerUrl = process.env.SESSIONS_MYSQL_URL || 'mysql://root@127.0.0.1:3306/test';

/**
 * The Galera cluster's nodes (`scripts/galera-cluster.sh start` runs them), comma-separated in
 * `SESSIONS_GALERA_URLS`; each URL's database is only used to create and drop throwaway ones.
 */
export const galeraNodeUrls = (process.env.SESSIONS_GALERA_URLS || 'mysql://root@127.0.0.1:13306/test,mysql://root@127.0.0.1:13307/test,mysql://root@127.0.0.1:13308/test')
  .split(',')
  .map((url) => url.trim())
  .filter((url) => url.length > 0);

/** Every URL of the dialect's server: one, or a cluster's nodes. */
export function serverUrls(dialect: Dialect): string[] {
  if (dialect === 'galera') return galeraNodeUrls;
  return [dialect === 'postgres' ? postgresServerUrl : mysqlServerUrl];
}

/** The URL to administer the server through (a cluster's first node: what it creates is replicated). */
export function serverUrl(dialect: Dialect): string {
  return serverUrls(dialect)[0]!;
}

/** The environment variable that points the tests at another server. */
export function serverUrlVariable(dialect: Dialect): string {
  return { postgres: 'SESSIONS_PG_URL', mysql: 'SESSIONS_MYSQL_URL', galera: 'SESSIONS_GALERA_URLS' }[dialect];
}

export function serverName(dialect: Dialect): string {
  return { postgres: 'PostgreSQL', mysql: 'MariaDB/MySQL', galera: 'the MariaDB Galera cluster' }[dialect];
}

/** What to do when the dialect's server is not there. */
export function serverHint(dialect: Dialect): string {
  const variable = serverUrlVariable(dialect);
  return dialect === 'galera' ? `Start it with scripts/galera-cluster.sh start, or set ${variable}` : `Start the server or set ${variable}`;
}

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
