import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { isSessionError, readMigrations } from '@sessions/core';
import { applyMySQLMigrations, migrate, mysqlMigrationsFolder, runMigrateCommand } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import { drizzle } from 'drizzle-orm/mysql2';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, runMigrateBinary, type TestDatabase } from './mysql-server.js';

const binary = fileURLToPath(new URL('../bin/sessions-mysql.js', import.meta.url));
const shippedTags = readMigrations(mysqlMigrationsFolder).map((m) => m.tag);

function runBinaryAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binary, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function tables(pool: Pool): Promise<string[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SHOW TABLES');
  return rows.map((row) => String(Object.values(row)[0])).sort();
}

await registerWithServer('mysql', '@sessions/mysql migrate', () => {
  describe('@sessions/mysql migrate', () => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
    });
    async function fresh(): Promise<{ database: TestDatabase; pool: Pool }> {
      const database = await createTestDatabase();
      cleanup.push(() => database.drop());
      const pool = createPool({ uri: database.url, connectionLimit: 2 });
      cleanup.push(() => pool.end());
      return { database, pool };
    }

    it('migrate({ url }) creates the tables once and reports what it applied', async () => {
      const { database, pool } = await fresh();
      expect(await migrate({ url: database.url })).toEqual(shippedTags);
      expect(await migrate({ url: database.url })).toEqual([]);
      expect(await tables(pool)).toEqual([
        'advanced_branches',
        'advanced_lanes',
        'advanced_session_metadata',
        'advanced_turn_usage',
        'advanced_usage_responses',
        'agent_messages',
        'agent_session_keys',
        'agent_session_operations',
        'agent_sessions',
        'sessions_migrations',
      ]);
      const [rows] = await pool.query<RowDataPacket[]>('SELECT store, tag, LENGTH(hash) AS h, applied_at FROM sessions_migrations ORDER BY tag');
      expect(rows).toHaveLength(shippedTags.length);
      expect(rows[0]).toMatchObject({ store: 'mysql', tag: '0000_initial', h: 64 });
    });

    it('migrate({ pool }) and migrate({ db }) leave the pool open', async () => {
      const { pool } = await fresh();
      expect(await migrate({ pool })).toEqual(shippedTags);
      expect(await migrate({ db: drizzle(pool) })).toEqual([]);
      const [rows] = await pool.query<RowDataPacket[]>('SELECT 1 AS one');
      expect(rows[0]!.one).toBe(1);
    });

    it('six migrations started at once on separate pools apply it exactly once', async () => {
      const { database } = await fresh();
      const pools = Array.from({ length: 6 }, () => createPool({ uri: database.url, connectionLimit: 1 }));
      cleanup.push(() => Promise.all(pools.map((p) => p.end())));
      const results = await Promise.all(pools.map((pool) => migrate({ pool })));
      expect(results.flat()).toEqual(shippedTags);
    });

    it('four sessions-mysql processes started at once on an empty database all succeed, one applies', async () => {
      const { database, pool } = await fresh();
      const runs = await Promise.all(Array.from({ length: 4 }, () => runBinaryAsync(['migrate', '--url', database.url])));
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
      expect(runs.filter((r) => r.stdout.includes(`applied ${shippedTags.join(', ')}`))).toHaveLength(1);
      expect(runs.filter((r) => r.stdout.includes('already up to date'))).toHaveLength(3);
      expect(await tables(pool)).toContain('agent_messages');
    });

    it('a migration that fails is not recorded, and says which statement failed', async () => {
      const { pool } = await fresh();
      const broken = { tag: '0000_broken', hash: 'a'.repeat(64), statements: ['CREATE TABLE t_first (a int)', 'CREATE TABLE oops ('] };
      const error = await applyMySQLMigrations(pool, 'test-store', [broken]).catch((e: unknown) => e);
      expect(isSessionError(error, 'MIGRATION_FAILED'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/0000_broken failed at statement 2 of 2/);
      expect((error as Error).message).toMatch(/not recorded/);
      const [recorded] = await pool.query<RowDataPacket[]>("SELECT tag FROM sessions_migrations WHERE store = 'test-store'");
      expect(recorded).toEqual([]);
      // The fixed migration runs on the next attempt.
      const fixed = { tag: '0000_broken', hash: 'b'.repeat(64), statements: ['CREATE TABLE IF NOT EXISTS t_first (a int)', 'CREATE TABLE t_second (a int)'] };
      expect(await applyMySQLMigrations(pool, 'test-store', [fixed])).toEqual(['0000_broken']);
      // An applied migration edited afterwards is refused.
      const edited = { ...fixed, hash: 'c'.repeat(64) };
      const changed = await applyMySQLMigrations(pool, 'test-store', [edited]).catch((e: unknown) => e);
      expect(isSessionError(changed, 'MIGRATION_FAILED')).toBe(true);
      expect((changed as Error).message).toMatch(/changed after it was applied/);
    });

    it('waits for another process holding the migration lock and gives up with a clear error after the timeout', async () => {
      const { database, pool } = await fresh();
      const holder = await pool.getConnection();
      const name = `sessions_migrate_${createHash('sha1').update(database.name).digest('hex')}`;
      await holder.query('SELECT GET_LOCK(?, 5)', [name]);
      try {
        const error = await applyMySQLMigrations(pool, 'mysql', [], 1).catch((e: unknown) => e);
        expect(isSessionError(error, 'MIGRATION_FAILED'), String(error)).toBe(true);
        expect((error as Error).message).toMatch(/migration lock/);
      } finally {
        await holder.query('SELECT RELEASE_LOCK(?)', [name]);
        holder.release();
      }
    });

    it('the command line: usage errors exit 2, an unreachable server exits 1, passwords are not printed', async () => {
      const lines: string[] = [];
      const output = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
      expect(await runMigrateCommand([], output)).toBe(2);
      expect(await runMigrateCommand(['migrate'], output)).toBe(2);
      expect(await runMigrateCommand(['frobnicate'], output)).toBe(2);
      expect(await runMigrateCommand(['migrate', '--url', 'postgres://x/y'], output)).toBe(2);
      expect(await runMigrateCommand(['--help'], output)).toBe(0);
      lines.length = 0;
      expect(await runMigrateCommand(['migrate', '--url=mysql://root:s3cret@127.0.0.1:1/nowhere'], output)).toBe(1);
      expect(lines.join('\n')).toMatch(/sessions-mysql migrate failed: CONNECTION_LOST: .*cannot reach/);
      expect(lines.join('\n')).not.toContain('s3cret');
      const bad = runMigrateBinary('not-a-url');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/mysql:\/\//);
    });
  });
});
