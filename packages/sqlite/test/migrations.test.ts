import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSessionError, readMigrations } from '@sessions/core';
import { applySqliteMigrations, SQLiteSession, sqliteMigrationsFolder } from '@sessions/sqlite';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as drizzleMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sessions-sqlite-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A host application's own drizzle-kit migrations folder with one migration. */
function hostMigrations(): string {
  const folder = join(dir, 'host-drizzle');
  mkdirSync(join(folder, 'meta'), { recursive: true });
  writeFileSync(join(folder, '0000_host.sql'), 'CREATE TABLE `users` (`id` integer PRIMARY KEY NOT NULL, `name` text);');
  writeFileSync(
    join(folder, 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'sqlite', entries: [{ idx: 0, version: '6', when: 1700000000000, tag: '0000_host', breakpoints: true }] }),
  );
  return folder;
}

describe('migrations', () => {
  it('creates the tables on first use and records them in a table of our own', async () => {
    const path = join(dir, 'fresh.db');
    const session = new SQLiteSession('m', { path });
    await session.addItems([{ role: 'user', content: 'hi' }]);
    await session.close();
    const db = new Database(path);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['agent_messages', 'agent_sessions', 'sessions_migrations']));
    expect(db.prepare('SELECT store, tag FROM sessions_migrations').all()).toEqual(
      readMigrations(sqliteMigrationsFolder).map((m) => ({ store: 'sqlite', tag: m.tag })),
    );
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it("leaves a host application's own Drizzle migrations in the same database untouched", async () => {
    const path = join(dir, 'host.db');
    const folder = hostMigrations();
    const hostDb = new Database(path);
    drizzleMigrate(drizzle(hostDb), { migrationsFolder: folder });
    const hostRows = hostDb.prepare('SELECT * FROM __drizzle_migrations').all();

    const session = new SQLiteSession('host', { database: hostDb });
    await session.addItems([{ role: 'user', content: 'hello' }]);
    await session.close();

    expect(hostDb.prepare('SELECT * FROM __drizzle_migrations').all()).toEqual(hostRows);
    drizzleMigrate(drizzle(hostDb), { migrationsFolder: folder });
    expect(hostDb.prepare('SELECT * FROM __drizzle_migrations').all()).toEqual(hostRows);
    expect(hostDb.prepare('SELECT count(*) FROM agent_messages').pluck().get()).toBe(1);
    hostDb.close();
  });

  it('tables first created inside a transaction the caller rolls back are created again on the next call', async () => {
    const db = new Database(join(dir, 'rolled-back.db'));
    const session = new SQLiteSession('inside', { database: db });
    db.exec('BEGIN');
    await session.addItems([{ role: 'user', content: 'rolled back' }]);
    db.exec('ROLLBACK');
    expect(await session.getItems()).toEqual([]);
    await session.addItems([{ role: 'user', content: 'kept' }]);
    const other = new SQLiteSession('inside', { database: db });
    expect(await other.getItems()).toEqual([{ role: 'user', content: 'kept' }]);
    await session.close();
    await other.close();
    db.close();
  });

  it('applying twice applies nothing the second time', () => {
    const db = new Database(':memory:');
    const migrations = readMigrations(sqliteMigrationsFolder);
    expect(applySqliteMigrations(db, 'sqlite', migrations)).toEqual(migrations.map((m) => m.tag));
    expect(applySqliteMigrations(db, 'sqlite', migrations)).toEqual([]);
    db.close();
  });

  it('a failing migration leaves nothing half-applied and names the failure', () => {
    const db = new Database(':memory:');
    const broken = [{ tag: '0000_broken', hash: 'x', statements: ['CREATE TABLE ok_table (id integer)', 'CREATE TABLE ok_table (id integer)'] }];
    const error = (() => {
      try {
        applySqliteMigrations(db, 'test', broken);
      } catch (e) {
        return e;
      }
    })();
    expect(isSessionError(error, 'MIGRATION_FAILED')).toBe(true);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'ok_table'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a migration edited after it was applied', () => {
    const db = new Database(':memory:');
    const migrations = readMigrations(sqliteMigrationsFolder);
    applySqliteMigrations(db, 'sqlite', migrations);
    const edited = migrations.map((m) => ({ ...m, hash: 'edited' }));
    expect(() => applySqliteMigrations(db, 'sqlite', edited)).toThrow(/changed after it was applied/);
    db.close();
  });
});

describe('options', () => {
  it('rejects path and database together, and a non-string path', () => {
    const db = new Database(':memory:');
    expect(() => new SQLiteSession('x', { path: 'a.db', database: db })).toThrow(/either path or database/);
    expect(() => new SQLiteSession('x', { path: 42 as unknown as string })).toThrow(/path must be a string/);
    db.close();
  });

  it('rejects a bad session id', () => {
    expect(() => new SQLiteSession('')).toThrow(/non-empty string/);
    expect(() => new SQLiteSession('x'.repeat(300))).toThrow(/longer than 255/);
  });

  it(':memory: sessions are private to their object', async () => {
    const a = new SQLiteSession('same');
    const b = new SQLiteSession('same');
    await a.addItems([{ role: 'user', content: 'only in a' }]);
    expect(await b.getItems()).toEqual([]);
    await a.close();
    await b.close();
  });

  it('an unopenable path fails the first call with a typed error', async () => {
    const session = new SQLiteSession('x', { path: join(dir, 'no-such-dir', 'x.db') });
    const error = await session.getItems().catch((e: unknown) => e);
    expect(isSessionError(error, 'STORAGE_ERROR')).toBe(true);
    expect(String(error)).toMatch(/getItems failed/);
    await session.close();
  });
});
