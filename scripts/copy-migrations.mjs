// Copies the committed drizzle-kit migrations of one dialect (or store) from
// /drizzle/<name> into the package that ships and applies them.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: copy-migrations.mjs <name> [<name> ...]');
  process.exit(2);
}
const target = join(process.cwd(), 'drizzle');
rmSync(target, { recursive: true, force: true });
for (const name of names) {
  const source = join(root, 'drizzle', name);
  if (!existsSync(source)) {
    console.error(`copy-migrations: ${source} does not exist; run pnpm migrations:generate`);
    process.exit(1);
  }
  cpSync(source, join(target, name), { recursive: true });
}
