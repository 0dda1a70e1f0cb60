import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pendingMigrations, readMigrations } from '@sessions/core';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sessions-core-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folder(): string {
  mkdirSync(join(dir, 'meta'), { recursive: true });
  writeFileSync(join(dir, '0001_second.sql'), 'ALTER TABLE t ADD b int;');
  writeFileSync(join(dir, '0000_first.sql'), 'CREATE TABLE t (a int);\n--> statement-breakpoint\nCREATE INDEX i ON t (a);');
  writeFileSync(
    join(dir, 'meta', '_journal.json'),
    JSON.stringify({ entries: [{ idx: 1, tag: '0001_second' }, { idx: 0, tag: '0000_first' }] }),
  );
  return dir;
}

describe('readMigrations', () => {
  it('reads a drizzle-kit folder in journal order, split at statement breakpoints', () => {
    const migrations = readMigrations(folder());
    expect(migrations.map((m) => m.tag)).toEqual(['0000_first', '0001_second']);
    expect(migrations[0]!.statements).toEqual(['CREATE TABLE t (a int);', 'CREATE INDEX i ON t (a);']);
    expect(migrations[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fails with MIGRATION_FAILED on a folder without a journal', () => {
    expect(() => readMigrations(join(dir, 'nowhere'))).toThrow(/cannot read the migrations journal/);
  });

  it('pendingMigrations keeps the unapplied ones and refuses edited ones', () => {
    const migrations = readMigrations(folder());
    expect(pendingMigrations(migrations, [{ tag: '0000_first', hash: migrations[0]!.hash }]).map((m) => m.tag)).toEqual(['0001_second']);
    expect(() => pendingMigrations(migrations, [{ tag: '0000_first', hash: 'other' }])).toThrow(/changed after it was applied/);
  });
});
