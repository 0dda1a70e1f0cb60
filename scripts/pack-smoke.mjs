// Packs packages with `pnpm pack`, installs the tarballs with npm into an
// empty project together with only the drivers a user would add, and runs
// each package's README snippet there: what a user gets from the registry, checked
// before publishing.  Usage: node scripts/pack-smoke.mjs <scenario> [...]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packScenarios } from './pack-smoke/scenarios.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const names = process.argv.slice(2);
const chosen = names.length === 0 ? Object.keys(packScenarios) : names;

function sh(command, args, cwd, env = {}) {
  console.log(`$ ${command} ${args.join(' ')}`);
  // turbo looks for pnpm on PATH: put the workspace's own pnpm there.
  const path = `${join(root, 'node_modules/.bin')}:${process.env.PATH}`;
  execFileSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, PATH: path, ...env } });
}

const pnpm = join(root, 'node_modules/.bin/pnpm');
const turbo = join(root, 'node_modules/.bin/turbo');
for (const name of chosen) {
  const scenario = packScenarios[name];
  if (!scenario) throw new Error(`unknown scenario ${name}; known: ${Object.keys(packScenarios).join(', ')}`);
  console.log(`\n=== pack smoke: ${name}`);
  sh(turbo, ['run', 'build', ...scenario.packages.map((p) => `--filter=${p}`)], root);
  const work = mkdtempSync(join(tmpdir(), `sessions-pack-${name}-`));
  try {
    const tarballs = join(work, 'tarballs');
    for (const pkg of scenario.packages) sh(pnpm, ['--filter', pkg, 'pack', '--pack-destination', tarballs], root);
    const app = join(work, 'app');
    sh('mkdir', ['-p', app], root);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-smoke', private: true, type: 'module' }));
    const files = readdirSync(tarballs).map((f) => join(tarballs, f));
    sh('npm', ['install', '--no-audit', '--no-fund', ...files, ...scenario.dependencies], app);
    copyFileSync(join(root, 'scripts/pack-smoke', scenario.snippet), join(app, 'snippet.mjs'));
    for (const [command, ...args] of scenario.before?.() ?? []) sh(command, args, app);
    sh('node', ['snippet.mjs'], app, scenario.env?.() ?? {});
    console.log(`=== pack smoke: ${name} ok`);
  } finally {
    for (const [command, ...args] of scenario.after?.() ?? []) {
      try {
        sh(command, args, root);
      } catch {
        console.warn(`pack smoke: cleaning up with ${command} failed; continuing`);
      }
    }
    rmSync(work, { recursive: true, force: true });
  }
}
