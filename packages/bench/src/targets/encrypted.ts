// Encryption at rest: each store with encryption on, against the same store without it, in the same run.
import { randomBytes } from 'node:crypto';
import type { EncryptionOptions } from '@sessions/core';
import { migrate as migrateMySQL, MySQLSession } from '@sessions/mysql';
import { migrate as migratePostgres, PostgresSession } from '@sessions/postgres';
import { SQLiteSession } from '@sessions/sqlite';
import { createThrowawayDatabase } from '@sessions/test-servers';
import { createPool } from 'mysql2/promise';
import pg from 'pg';
import { tempFile } from '../sqlite-floor.js';
import type { BenchSubject, BenchTarget } from '../subject.js';
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

export const targets: BenchTarget[] = [
  encryptedTarget(sqliteTarget, async () => {
    const file = tempFile('sqlite-encrypted');
    return { session: (id) => new SQLiteSession(id, { path: file.path, encryption }), close: async () => file.drop() };
  }),
  encryptedTarget(postgresTarget, async () => {
    const database = await createThrowawayDatabase('postgres', 'bench_encrypted');
    const pool = new pg.Pool({ connectionString: database.url });
    pool.on('error', () => {});
    await migratePostgres({ pool });
    return {
      session: (id) => new PostgresSession(id, { pool, encryption }),
      close: async () => {
        await pool.end();
        await database.drop();
      },
    };
  }),
  encryptedTarget(mysqlTarget, async () => {
    const database = await createThrowawayDatabase('mysql', 'bench_encrypted');
    const pool = createPool({ uri: database.url });
    await migrateMySQL({ pool });
    return {
      session: (id) => new MySQLSession(id, { pool, encryption }),
      close: async () => {
        await pool.end();
        await database.drop();
      },
    };
  }),
];
