// Encryption at rest: each store with encryption on, against the same store without it, in the same run.
import { randomBytes } from 'node:crypto';
import type { EncryptionOptions } from '@sessions/core';
import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import { AdvancedMySQLSession, migrate as migrateMySQL, MySQLSession } from '@sessions/mysql';
import { AdvancedPostgresSession, migrate as migratePostgres, PostgresSession } from '@sessions/postgres';
import { SQLiteSession } from '@sessions/sqlite';
import { createThrowawayDatabase } from '@sessions/test-servers';
import { createPool, type Pool as MySQLPool } from 'mysql2/promise';
import pg from 'pg';
import { tempFile } from '../sqlite-floor.js';
import type { BenchSession, BenchSubject, BenchTarget } from '../subject.js';
import { target as advancedMysqlTarget } from './advanced-mysql.js';
import { target as advancedPostgresTarget } from './advanced-postgres.js';
import { target as advancedSqliteTarget } from './advanced-sqlite.js';
import { target as mysqlTarget } from './mysql.js';
import { target as postgresTarget } from './postgres.js';
import { target as sqliteTarget } from './sqlite.js';

const encryption: EncryptionOptions = { keys: [{ id: 'bench', key: randomBytes(32) }], activeKeyId: 'bench' };

/** The package with encryption on; its floor is the same package without it. */
function encryptedTarget(plain: BenchTarget, packageSubject: () => Promise<BenchSubject>): BenchTarget {
  return {
    name: `${plain.name} (encrypted)`,
    floorName: `${plain.name} (clear)`,
    phases: ['W1', 'W2'],
    limits: { W1: 1.5, W2: 1.5 },
    available: plain.available,
    packageSubject,
    floorSubject: () => plain.packageSubject(),
  };
}

/** A session of the package on `pool` with `encryption`. */
type Make<Pool> = (id: string, options: { pool: Pool; encryption: EncryptionOptions }) => BenchSession;

async function postgresSubject(make: Make<pg.Pool>): Promise<BenchSubject> {
  const database = await createThrowawayDatabase('postgres', 'bench_encrypted');
  const pool = new pg.Pool({ connectionString: database.url });
  pool.on('error', () => {});
  await migratePostgres({ pool });
  return {
    session: (id) => make(id, { pool, encryption }),
    close: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

async function mysqlSubject(make: Make<MySQLPool>): Promise<BenchSubject> {
  const database = await createThrowawayDatabase('mysql', 'bench_encrypted');
  const pool = createPool({ uri: database.url });
  await migrateMySQL({ pool });
  return {
    session: (id) => make(id, { pool, encryption }),
    close: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

export const targets: BenchTarget[] = [
  encryptedTarget(sqliteTarget, async () => {
    const file = tempFile('sqlite-encrypted');
    return { session: (id) => new SQLiteSession(id, { path: file.path, encryption }), close: async () => file.drop() };
  }),
  encryptedTarget(postgresTarget, () => postgresSubject((id, options) => new PostgresSession(id, options))),
  encryptedTarget(mysqlTarget, () => mysqlSubject((id, options) => new MySQLSession(id, options))),
  encryptedTarget(advancedSqliteTarget, async () => {
    const file = tempFile('advanced-sqlite-encrypted');
    return { session: (id) => new AdvancedSQLiteSession(id, { path: file.path, encryption }), close: async () => file.drop() };
  }),
  encryptedTarget(advancedPostgresTarget, () => postgresSubject((id, options) => new AdvancedPostgresSession(id, options))),
  encryptedTarget(advancedMysqlTarget, () => mysqlSubject((id, options) => new AdvancedMySQLSession(id, options))),
];
