// The hand-written better-sqlite3 floor every SQLite target is measured against.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMigrations, type SessionItem } from '@sessions/core';
import { sqliteMigrationsFolder } from '@sessions/sqlite';
import Database from 'better-sqlite3';
import type { BenchSession, BenchSubject } from './subject.js';

/** A database file in a fresh temp folder of its own, and how to remove it. */
export function tempFile(label: string): { path: string; drop: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `sessions-bench-${label}-`));
  return { path: join(dir, 'bench.db'), drop: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The same pragmas as @sessions/sqlite: WAL, FULL sync (durable per commit), busy timeout, foreign keys. */
export function openFloorDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('busy_timeout = 10000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  for (const migration of readMigrations(sqliteMigrationsFolder)) for (const sql of migration.statements) db.exec(sql);
  return db;
}

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** The hand-written floor: the SQL a careful user would write against better-sqlite3. */
export class FloorSqliteSession implements BenchSession {
  readonly #touch: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #latest: Database.Statement;
  readonly #all: Database.Statement;
  readonly #pop: Database.Statement;
  readonly #append: (rows: string[]) => void;

  constructor(
    db: Database.Database,
    private readonly sessionId: string,
  ) {
    this.#touch = db.prepare(
      `INSERT INTO agent_sessions (session_id) VALUES (?) ON CONFLICT (session_id) DO UPDATE SET updated_at = ${NOW}`,
    );
    this.#insert = db.prepare('INSERT INTO agent_messages (session_id, message_data) VALUES (?, ?)');
    this.#latest = db.prepare('SELECT message_data FROM agent_messages WHERE session_id = ? ORDER BY id DESC LIMIT ?').pluck();
    this.#all = db.prepare('SELECT message_data FROM agent_messages WHERE session_id = ? ORDER BY id ASC').pluck();
    this.#pop = db
      .prepare(
        `DELETE FROM agent_messages WHERE id = (SELECT id FROM agent_messages WHERE session_id = ? ORDER BY id DESC LIMIT 1) RETURNING message_data`,
      )
      .pluck();
    const transaction = db.transaction((rows: string[]) => {
      this.#touch.run(this.sessionId);
      for (const row of rows) this.#insert.run(this.sessionId, row);
    });
    this.#append = (rows) => transaction.immediate(rows);
  }

  async addItems(items: SessionItem[]): Promise<void> {
    this.#append(items.map((item) => JSON.stringify(item)));
  }

  async getItems(limit?: number): Promise<SessionItem[]> {
    const rows = (limit === undefined ? this.#all.all(this.sessionId) : this.#latest.all(this.sessionId, limit).reverse()) as string[];
    return rows.map((row) => JSON.parse(row) as SessionItem);
  }

  async popItem(): Promise<SessionItem | undefined> {
    const row = this.#pop.get(this.sessionId) as string | undefined;
    return row === undefined ? undefined : (JSON.parse(row) as SessionItem);
  }

  async close(): Promise<void> {}
}

/** A fresh floor store for any SQLite target. */
export async function sqliteFloorSubject(label: string): Promise<BenchSubject> {
  const file = tempFile(label);
  const db = openFloorDatabase(file.path);
  return {
    session: (id) => new FloorSqliteSession(db, id),
    close: async () => {
      db.close();
      file.drop();
    },
  };
}
