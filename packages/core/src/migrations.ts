import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionError } from './errors.js';

/** One drizzle-kit migration, ready to apply. */
export interface Migration {
  /** drizzle-kit's tag, e.g. `0000_initial`. */
  tag: string;
  /** sha256 of the SQL file, recorded when applied so an edited migration is noticed. */
  hash: string;
  statements: string[];
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** Name of the table our migrators record applied migrations in, apart from any of the host app's. */
export const MIGRATIONS_TABLE = 'sessions_migrations';

/**
 * Reads a drizzle-kit migrations folder (`meta/_journal.json` plus one SQL
 * file per entry) in journal order.
 */
export function readMigrations(folder: string): Migration[] {
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
  } catch (cause) {
    throw new SessionError('MIGRATION_FAILED', `cannot read the migrations journal in ${folder}`, { cause });
  }
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const sql = readFileSync(join(folder, `${tag}.sql`), 'utf8');
      const statements = sql
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      return { tag, hash: createHash('sha256').update(sql).digest('hex'), statements };
    });
}

/** The migrations of `all` not yet in `applied`; fails if an applied one was edited since. */
export function pendingMigrations(all: Migration[], applied: { tag: string; hash: string }[]): Migration[] {
  const byTag = new Map(applied.map((row) => [row.tag, row.hash]));
  for (const migration of all) {
    const hash = byTag.get(migration.tag);
    if (hash !== undefined && hash !== migration.hash) {
      throw new SessionError(
        'MIGRATION_FAILED',
        `migration ${migration.tag} was changed after it was applied (recorded hash ${hash.slice(0, 12)}, file hash ${migration.hash.slice(0, 12)})`,
      );
    }
  }
  return all.filter((migration) => !byTag.has(migration.tag));
}
