// Generates /drizzle/<store> from each Drizzle schema with drizzle-kit.
// With --check, generates into a scratch copy instead and fails when the
// result differs from what is committed (schema changed, migration not made).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationStores } from './migration-stores.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const name = process.argv.find((a) => a.startsWith('--name='))?.slice('--name='.length);
// --custom: an empty migration (snapshot unchanged) for SQL drizzle-kit cannot write itself.
const custom = !check && process.argv.includes('--custom');

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path).map((p) => join(name, p)) : [name];
  });
}

function differences(a, b) {
  const files = new Set([...listFiles(a), ...listFiles(b)]);
  return [...files].filter((f) => {
    const pa = join(a, f);
    const pb = join(b, f);
    return !existsSync(pa) || !existsSync(pb) || !readFileSync(pa).equals(readFileSync(pb));
  });
}

// Schemas import table names from @sessions/core; drizzle-kit loads them with require, so core must be built.
execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'packages/core/tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
const drizzleKit = join(root, 'packages/sqlite/node_modules/.bin/drizzle-kit');

let drift = false;
for (const store of migrationStores) {
  if (only.length > 0 && !only.includes(store.name)) continue;
  if (!store.schema.every((s) => existsSync(join(root, s)))) continue;
  const committed = join(root, 'drizzle', store.name);
  const scratch = check ? mkdtempSync(join(tmpdir(), `drizzle-${store.name}-`)) : undefined;
  if (scratch && existsSync(committed)) cpSync(committed, scratch, { recursive: true });
  const out = scratch ?? committed;
  const args = ['generate', '--dialect', store.dialect, '--out', relative(root, out) || '.'];
  // drizzle-kit keeps only the last --schema flag: several files go as one glob.
  args.push('--schema', store.schema.length === 1 ? store.schema[0] : `{${store.schema.join(',')}}`);
  if (name) args.push('--name', name);
  if (custom) args.push('--custom');
  execFileSync(drizzleKit, args, { cwd: root, stdio: check ? 'pipe' : 'inherit' });
  if (scratch) {
    const changed = differences(committed, scratch);
    rmSync(scratch, { recursive: true, force: true });
    if (changed.length > 0) {
      drift = true;
      console.error(`drizzle/${store.name}: regenerating from ${store.schema.join(', ')} changes ${changed.join(', ')}`);
    } else {
      console.log(`drizzle/${store.name}: up to date with its schema`);
    }
  }
}
if (drift) {
  console.error('Migrations are out of date: run `pnpm migrations:generate` and commit drizzle/.');
  process.exit(1);
}
