import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseStoredItem, type SessionItem } from '@sessions/core';
import type { RawStorageReader } from '@sessions/conformance';
import { createThrowawayDatabase, mysqlServerUrl, type ThrowawayDatabase } from '@sessions/test-servers';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';

const binary = fileURLToPath(new URL('../bin/sessions-mysql.js', import.meta.url));

/** A connection to the server's default database, for reading and administering test databases directly. */
export function rootConnection(): Promise<Connection> {
  return createConnection({ uri: mysqlServerUrl, charset: 'UTF8MB4_UNICODE_CI' });
}

export type { ThrowawayDatabase as TestDatabase } from '@sessions/test-servers';

/** A fresh, empty utf8mb4 database for one test file (`sessions_test_<random>`); `url` reaches it. */
export function createTestDatabase(): Promise<ThrowawayDatabase> {
  return createThrowawayDatabase('mysql', 'test');
}

/** Applies the migrations the documented way: the built `sessions-mysql migrate --url` binary. */
export function runMigrateBinary(url: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [binary, 'migrate', '--url', url], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function migrateWithBinary(url: string): string {
  const result = runMigrateBinary(url);
  if (result.status !== 0) throw new Error(`sessions-mysql migrate exited ${result.status}: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** The conformance suite's direct reads of the tables, through `connection` (its database selected). */
export function rawReader(connection: () => Connection): RawStorageReader {
  return {
    async items(sessionId) {
      const [rows] = await connection().query<RowDataPacket[]>('SELECT id, message_data FROM agent_messages WHERE session_id = ? ORDER BY id', [sessionId]);
      return rows.map((r): SessionItem => parseStoredItem(sessionId, r.message_data as string, r.id as number));
    },
    async sessionExists(sessionId) {
      const [rows] = await connection().query<RowDataPacket[]>('SELECT 1 FROM agent_sessions WHERE session_id = ?', [sessionId]);
      return rows.length > 0;
    },
  };
}
