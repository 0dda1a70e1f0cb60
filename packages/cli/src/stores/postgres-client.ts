import pg from 'pg';
import type { SqlClient } from './sql-client.js';

/** `?` placeholders to `$1, $2, ...` (our SQL never has `?` inside literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export async function openPostgresClient(url: string): Promise<SqlClient> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not crash the process with an unhandled 'error'.
  client.on('error', () => {});
  await client.connect();
  await client.query(`SET TIME ZONE 'UTC'`);
  return {
    dialect: 'postgres',
    id: (name) => `"${name.replaceAll('"', '""')}"`,
    all: async <T>(sql: string, params: unknown[] = []) => (await client.query(numbered(sql), params)).rows as T[],
    run: async (sql, params = []) => {
      await client.query(numbered(sql), params);
    },
    transaction: async (body) => {
      await client.query('BEGIN');
      try {
        const result = await body();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    tableExists: async (name) =>
      (await client.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${name}"`])).rows[0]?.present === true,
    // timestamptz to the microsecond (a JS Date would drop them), so a PostgreSQL-to-PostgreSQL copy is exact.
    isoTimestamp: (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    timestampParam: (iso) => iso,
    text: (column) => `${column}::text`,
    close: async () => {
      await client.end().catch(() => {});
    },
  };
}
