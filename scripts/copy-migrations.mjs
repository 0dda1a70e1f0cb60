// Copies committed drizzle-kit migrations from /drizzle/<store> into the
// package that ships and applies them (<package>/drizzle/<store>).
//   copy-migrations.mjs <store> [<store> ...]   into the current package
//   copy-migrations.mjs --all                   into every package (run after install)
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationPackages } from './migration-stores.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function copy(packageDir, stores, { required }) {
  const target = join(packageDir, 'drizzle');
  rmSync(target, { recursive: true, force: true });
  for (const store of stores) {
    const source = join(root, 'drizzle', store);
    if (!existsSync(source)) {
      if (!required) continue;
      console.error(`copy-migrations: ${source} does not exist; run pnpm migrations:generate`);
      process.exit(1);
    }
    cpSync(source, join(target, store), { recursive: true });
  }
}

const args = process.argv.slice(2);
if (args.includes('--all')) {
  for (const { dir, stores } of migrationPackages) copy(join(root, dir), stores, { required: false });
} else if (args.length > 0) {
  copy(process.cwd(), args, { required: true });
} else {
  console.error('usage: copy-migrations.mjs <store> [<store> ...] | --all');
  process.exit(2);
}
