import { existsSync } from 'node:fs';
import { acquireConnection, type SqliteConnection } from '@sessions/sqlite';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import type { SqlClient } from './sql-client.js';

/**
 * A SQLite file through @sessions/sqlite's connection (WAL, busy timeout,
 * foreign keys on). `create: false` refuses to make a new empty file for a
 * typo'd path.
 */
export function openSqliteClient(path: string, options: { create: boolean }): SqlClient & { connection: SqliteConnection } {
  if (!options.create && !existsSync(path)) {
    throw new CliError(ExitCode.UNREACHABLE, `cannot open SQLite store ${path}: no such file`);
  }
  let connection: SqliteConnection;
  try {
    connection = acquireConnection(path);
  } catch (error) {
    throw new CliError(ExitCode.UNREACHABLE, `cannot open SQLite store ${path}: ${(error as Error).message}`, { cause: error });
  }
  const { db } = connection;
  return {
    dialect: 'sqlite',
    connection,
    id: (name) => `"${name.replaceAll('"', '""')}"`,
    all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
    run: async (sql, params = []) => {
      db.prepare(sql).run(...params);
    },
    transaction: async (body) => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await body();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    tableExists: async (name) =>
      db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined,
    isoTimestamp: (column) => column,
    timestampParam: (iso) => iso,
    text: (column) => column,
    close: async () => connection.release(),
  };
}
