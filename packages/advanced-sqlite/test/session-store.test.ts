import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdvancedSQLiteSession, advancedSqliteMigrations, openAdvancedSqliteStore, openSessionStore } from '@sessions/advanced-sqlite';
import { isSessionError } from '@sessions/core';
import { applySqliteMigrations, SQLiteSession, sqliteMigrations } from '@sessions/sqlite';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sessions-advanced-store-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);

describe('openSessionStore on SQLite files', () => {
  it('opens a file holding only @sessions/sqlite tables as that plain store, and adds no table to it', async () => {
    const path = file('plain.db');
    const plain = new SQLiteSession('p1', { path, owner: 'u1' });
    await plain.addItems([{ role: 'user', content: 'hello' }]);
    await plain.close();
    const store = await openSessionStore(path);
    try {
      expect([store.kind, store.capabilities.advanced]).toEqual(['sqlite', false]);
      expect((await store.listSessions()).sessions.map((s) => [s.sessionId, s.owner, s.itemCount])).toEqual([['p1', 'u1', 1]]);
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'advanced_branches'`).get()).toBeUndefined();
    db.close();
  });

  it('reads a session written by a plain SQLiteSession in an advanced file as its rows on main', async () => {
    const path = file('mixed.db');
    const advanced = new AdvancedSQLiteSession('a1', { path });
    await advanced.addItems([{ role: 'user', content: 'branching' }]);
    await advanced.close();
    const plain = new SQLiteSession('p1', { path, owner: 'u2' });
    await plain.addItems([{ role: 'user', content: 'one' }, { role: 'user', content: 'two' }]);
    await plain.close();
    const store = await openSessionStore(path);
    try {
      expect(store.kind).toBe('advanced-sqlite');
      const archive = await store.readArchive('p1');
      expect(archive?.owner).toBe('u2');
      expect(archive?.branches.map((b) => [b.branchId, b.items.map((i) => JSON.parse(i.data).content)])).toEqual([['main', ['one', 'two']]]);
      const listed = (await store.listSessions()).sessions.find((s) => s.sessionId === 'p1');
      expect(listed).toMatchObject({ itemCount: 2, branchCount: 1, metadata: {} });
    } finally {
      await store.close();
    }
  });

  it('openAdvancedSqliteStore upgrades a plain file on first use', async () => {
    const path = file('upgrade.db');
    const plain = new SQLiteSession('p1', { path });
    await plain.addItems([{ role: 'user', content: 'hello' }]);
    await plain.close();
    const store = await openAdvancedSqliteStore(path);
    try {
      // Every migration of this package, none of @sessions/sqlite's (the plain file has them all).
      expect(await store.pendingMigrations()).toEqual(advancedSqliteMigrations().map((m) => m.tag));
      expect((await store.readArchive('p1'))?.branches[0]?.items).toHaveLength(1);
      expect(await store.pendingMigrations()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('brings a file made before owners existed up to date on first use, keeping its sessions', async () => {
    const path = file('old.db');
    const db = new Database(path);
    applySqliteMigrations(db, 'sqlite', sqliteMigrations().slice(0, 1));
    db.exec(`INSERT INTO agent_sessions (session_id) VALUES ('old');
      INSERT INTO agent_messages (session_id, message_data) VALUES ('old', '{"role":"user","content":"kept"}');`);
    db.close();
    const store = await openSessionStore(path);
    try {
      expect(await store.pendingMigrations()).toEqual(sqliteMigrations().slice(1).map((m) => m.tag));
      expect((await store.listSessions()).sessions.map((s) => [s.sessionId, s.owner, s.itemCount])).toEqual([['old', null, 1]]);
      expect(await store.pendingMigrations()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses a missing file unless asked to create it, and an in-memory database', async () => {
    const missing = await openSessionStore(file('missing.db')).catch((e: unknown) => e);
    expect(isSessionError(missing, 'NOT_FOUND')).toBe(true);
    const memory = await openSessionStore(':memory:').catch((e: unknown) => e);
    expect(isSessionError(memory, 'INVALID_ARGUMENT')).toBe(true);
    const created = await openSessionStore(`sqlite:${file('new.db')}`, { create: true });
    expect(created.kind).toBe('advanced-sqlite');
    expect((await created.listSessions()).sessions).toEqual([]);
    await created.close();
  });
});
