// pnpm bench: BENCHMARK.md's workload for every target in ./targets, each
// package against its raw-driver floor measured in the same run.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runPairedPhases, type PhaseTimes } from './phases.js';
import { printTable, type ResultRow } from './report.js';
import type { BenchTarget, PhaseId } from './subject.js';
import { median } from './timing.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const strict = process.argv.includes('--strict');

interface TargetModule {
  target: BenchTarget;
  /** Phases a target measures its own way (e.g. W5 branch scale); rows printed as given. */
  extraRows?: () => Promise<ResultRow[]>;
}

/** A file of ./targets exports one `target` (with optional `extraRows`), or several `targets`. */
type TargetFile = TargetModule | { targets: BenchTarget[] };

async function loadTargets(): Promise<TargetModule[]> {
  const dir = new URL('./targets/', import.meta.url);
  const files = readdirSync(fileURLToPath(dir)).filter((f) => f.endsWith('.ts')).sort();
  const loaded = await Promise.all(files.map((f) => import(new URL(f, dir).href) as Promise<TargetFile>));
  const modules = loaded.flatMap((file): TargetModule[] => ('targets' in file ? file.targets.map((target) => ({ target })) : [file]));
  return modules.filter((m) => only.length === 0 || only.some((name) => m.target.name.includes(name)));
}

/**
 * One uncounted warm-up round, then `rounds` rounds in which the package and
 * its floor run side by side, operation by operation (phases.ts). The ratio
 * is the median of per-round ratios.
 */
async function measure(target: BenchTarget): Promise<ResultRow[]> {
  const open = { floor: () => target.floorSubject(), package: () => target.packageSubject() };
  const pkg: PhaseTimes[] = [];
  const floor: PhaseTimes[] = [];
  await runPairedPhases(open, target.phases);
  for (let round = 0; round < rounds; round++) {
    const times = await runPairedPhases(open, target.phases);
    pkg.push(times.package);
    floor.push(times.floor);
  }
  return target.phases.map((phase: PhaseId) => {
    const p = pkg.map((t) => t[phase]!);
    const f = floor.map((t) => t[phase]!);
    const ratio = median(p.map((v, i) => v / f[i]!));
    return { target: target.name, phase, packageMs: median(p), floor: target.floorName, floorMs: median(f), ratio, limit: target.limits?.[phase] };
  });
}

const rows: ResultRow[] = [];
for (const module of await loadTargets()) {
  const available = (await module.target.available?.()) ?? true;
  if (available !== true) {
    console.warn(`skipping ${module.target.name}: ${available}`);
    continue;
  }
  process.stderr.write(`measuring ${module.target.name} (warm-up + ${rounds} rounds)...\n`);
  rows.push(...(await measure(module.target)));
  if (module.extraRows) rows.push(...(await module.extraRows()));
}
const overLimit = printTable(rows, rounds);
if (strict && overLimit > 0) process.exitCode = 1;
