/** The two server kinds the tests run against. */
export type Dialect = 'postgres' | 'mysql';

/** The PostgreSQL server; its default database is only used to create and drop throwaway ones. */
export const postgresServerUrl = process.env.SESSIONS_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** The MariaDB/MySQL server; its default database is only used to create and drop throwaway ones. */
export const mysqlServerUrl = process.env.SESSIONS_MYSQL_URL || 'mysql://root@127.0.0.1:3306/test';

export function serverUrl(dialect: Dialect): string {
  return dialect === 'postgres' ? postgresServerUrl : mysqlServerUrl;
}

/** The environment variable that points the tests at another server. */
export function serverUrlVariable(dialect: Dialect): string {
  return dialect === 'postgres' ? 'SESSIONS_PG_URL' : 'SESSIONS_MYSQL_URL';
}

export function serverName(dialect: Dialect): string {
  return dialect === 'postgres' ? 'PostgreSQL' : 'MariaDB/MySQL';
}

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
