export const DEFAULT_URLS = {
  postgres: 'postgres://postgres@127.0.0.1:5432/test',
  mysql: 'mysql://root@127.0.0.1:3306/test',
} as const;

/** `--url`, else the environment variable the tests use, else the local default. */
export function serverUrl(kind: 'postgres' | 'mysql', url: string | undefined): string {
  if (url !== undefined) return url;
  const fromEnv = kind === 'postgres' ? process.env.SESSIONS_PG_URL : process.env.SESSIONS_MYSQL_URL;
  return fromEnv && fromEnv.length > 0 ? fromEnv : DEFAULT_URLS[kind];
}
