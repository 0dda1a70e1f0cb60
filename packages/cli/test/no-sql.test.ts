import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The command line and `sessions ui` read and write stores only through the
// store contract of @sessions/core: no database driver and no SQL here.
const root = join(import.meta.dirname, '..');
const DRIVERS = /from ['"](better-sqlite3|pg|mysql2(\/promise)?|drizzle-orm[^'"]*|postgres)['"]|import\(['"](better-sqlite3|pg|mysql2(\/promise)?|drizzle-orm[^'"]*)['"]\)/;
const SQL = /\b(SELECT\s+[\w*"`]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('packages/cli holds no SQL and imports no driver', () => {
  const files = [...sources(join(root, 'src')), ...sources(join(root, 'app', 'src'))];

  it('finds the sources', () => {
    expect(files.some((f) => f.endsWith(join('ui', 'source', 'advanced-reader.ts')))).toBe(true);
  });

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(DRIVERS);
    expect(text).not.toMatch(SQL);
  });
});
