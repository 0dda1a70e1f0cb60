import mysql from 'mysql2/promise';
import type { SqlClient } from './sql-client.js';

/** `2026-01-02T03:04:05.678Z` -> `2026-01-02 03:04:05.678`, what DATETIME columns take (the session time zone is UTC). */
function toDatetime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z?$/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

export async function openMysqlClient(url: string): Promise<SqlClient> {
  const connection = await mysql.createConnection({ uri: url, dateStrings: true, timezone: 'Z', connectTimeout: 10_000 });
  connection.on('error', () => {});
  await connection.query(`SET time_zone = '+00:00'`);
  return {
    dialect: 'mysql',
    id: (name) => `\`${name.replaceAll('`', '``')}\``,
    all: async <T>(sql: string, params: unknown[] = []) => (await connection.query(sql, params))[0] as T[],
    run: async (sql, params = []) => {
      await connection.query(sql, params);
    },
    transaction: async (body) => {
      await connection.query('START TRANSACTION');
      try {
        const result = await body();
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    tableExists: async (name) => {
      const [rows] = await connection.query(
        'SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
        [name],
      );
      return (rows as unknown[]).length > 0;
    },
    // DATETIME(3) holds UTC wall-clock time (@sessions/mysql's schema): read it as ISO text.
    isoTimestamp: (column) => `CONCAT(REPLACE(CAST(${column} AS CHAR), ' ', 'T'), 'Z')`,
    timestampParam: toDatetime,
    text: (column) => column,
    close: async () => {
      await connection.end().catch(() => {});
    },
  };
}
