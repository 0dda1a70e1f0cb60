import { performance } from 'node:perf_hooks';
import type { BenchSession, BenchSubject, PhaseId } from './subject.js';
import { median } from './timing.js';
import { turnItems, W1_TURNS, W2_LIMIT, W2_READS, W4_POPS, W6_SESSIONS, W6_TURNS } from './workload.js';

export type PhaseTimes = Partial<Record<PhaseId, number>>;

/** Times of one phase for the package and its floor, measured side by side. */
export interface PairedTimes {
  package: PhaseTimes;
  floor: PhaseTimes;
}

/** Single operations (W3, W6 reads) are repeated this many times and the median kept. */
const REPEATS = 5;

/**
 * Runs `step` on the floor and on the package one operation at a time, the
 * one going first alternating, so both see the same moment of a noisy
 * machine. Returns the summed milliseconds of each.
 */
async function alternate(count: number, step: (side: 'floor' | 'package', i: number) => Promise<void>): Promise<[number, number]> {
  let floor = 0;
  let pkg = 0;
  for (let i = 0; i < count; i++) {
    const order: ('floor' | 'package')[] = i % 2 === 0 ? ['floor', 'package'] : ['package', 'floor'];
    for (const side of order) {
      const start = performance.now();
      await step(side, i);
      const ms = performance.now() - start;
      if (side === 'floor') floor += ms;
      else pkg += ms;
    }
  }
  return [floor, pkg];
}

/** Like `alternate` for one operation repeated REPEATS times: the median of each side. */
async function alternateRepeated(step: (side: 'floor' | 'package') => Promise<void>): Promise<[number, number]> {
  const floor: number[] = [];
  const pkg: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const [f, p] = await alternate(1, async (side) => step(side));
    floor.push(f);
    pkg.push(p);
  }
  return [median(floor), median(pkg)];
}

function expectCount(phase: string, items: unknown[], expected: number): void {
  if (items.length !== expected) throw new Error(`${phase} read ${items.length} items, expected ${expected}`);
}

/** W1 to W4: append, limited reads, read all, pops, on one session of each store. */
async function appendReadPop(stores: Record<'floor' | 'package', BenchSubject>, phases: Set<PhaseId>, times: PairedTimes): Promise<void> {
  const sessions: Record<'floor' | 'package', BenchSession> = {
    floor: await stores.floor.session('bench-w1'),
    package: await stores.package.session('bench-w1'),
  };
  const record = (phase: PhaseId, [floor, pkg]: [number, number]) => {
    times.floor[phase] = floor;
    times.package[phase] = pkg;
  };
  try {
    record('W1', await alternate(W1_TURNS, (side, i) => sessions[side].addItems(turnItems(i))));
    if (phases.has('W2')) {
      record('W2', await alternate(W2_READS, async (side) => expectCount('W2', await sessions[side].getItems(W2_LIMIT), W2_LIMIT)));
    }
    if (phases.has('W3')) {
      record('W3', await alternateRepeated(async (side) => expectCount('W3', await sessions[side].getItems(), W1_TURNS * 4)));
    }
    if (phases.has('W4')) {
      record(
        'W4',
        await alternate(W4_POPS, async (side) => {
          if ((await sessions[side].popItem()) === undefined) throw new Error('W4 popped nothing');
        }),
      );
    }
  } finally {
    await sessions.floor.close();
    await sessions.package.close();
  }
}

/** W6: many sessions (not timed), then the first page of sessions and one session's latest items. */
async function manySessions(stores: Record<'floor' | 'package', BenchSubject>, times: PairedTimes): Promise<void> {
  for (const side of ['floor', 'package'] as const) {
    if (!stores[side].listSessions) throw new Error('W6 needs listSessions');
    for (let s = 0; s < W6_SESSIONS; s++) {
      const session = await stores[side].session(`bench-w6-${s}`);
      for (let t = 0; t < W6_TURNS; t++) await session.addItems(turnItems(t));
      await session.close();
    }
  }
  const [floor, pkg] = await alternateRepeated(async (side) => {
    const page = await stores[side].listSessions!(50);
    if (page.length === 0) throw new Error('W6 listed no sessions');
    const session = await stores[side].session('bench-w6-500');
    expectCount('W6', await session.getItems(50), W6_TURNS * 4);
    await session.close();
  });
  times.floor.W6 = floor;
  times.package.W6 = pkg;
}

async function withStores(
  open: Record<'floor' | 'package', () => Promise<BenchSubject>>,
  work: (stores: Record<'floor' | 'package', BenchSubject>) => Promise<void>,
): Promise<void> {
  const floor = await open.floor();
  try {
    const pkg = await open.package();
    try {
      await work({ floor, package: pkg });
    } finally {
      await pkg.close();
    }
  } finally {
    await floor.close();
  }
}

/** Runs the requested phases for a package and its floor side by side, each group on fresh stores. */
export async function runPairedPhases(open: Record<'floor' | 'package', () => Promise<BenchSubject>>, phases: PhaseId[]): Promise<PairedTimes> {
  const wanted = new Set(phases);
  const times: PairedTimes = { package: {}, floor: {} };
  if (['W1', 'W2', 'W3', 'W4'].some((p) => wanted.has(p as PhaseId))) {
    await withStores(open, (stores) => appendReadPop(stores, wanted, times));
  }
  if (wanted.has('W6')) await withStores(open, (stores) => manySessions(stores, times));
  return times;
}
