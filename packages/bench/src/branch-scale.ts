// BENCHMARK.md W5 for any advanced store: branch creation and reads on a branch as a history grows.
import type { AdvancedSessionBase } from '@sessions/core';
import type { ResultRow } from './report.js';
import { median, timeIt } from './timing.js';
import { turnItems, W2_LIMIT, W2_READS } from './workload.js';

export const W5_SIZES = [100, 1_000, 10_000] as const;
const SETUP_TURNS_PER_CALL = 250;

/** One advanced store on a fresh database. */
export interface BranchScaleStore {
  /** A session object on a session id or a branch id. */
  open(id: string): AdvancedSessionBase;
  /** After the (untimed) setup, before anything is timed, e.g. a WAL checkpoint. */
  settle?(): Promise<void> | void;
  drop(): Promise<void> | void;
}

export interface BranchScaleOptions {
  /** Creations timed per size. */
  creations: number;
  /** Alternating rounds of 100 reads on the branch and on main. */
  readRounds: number;
  /** Largest acceptable ratio of creation at 10,000 turns to creation at 100 turns. */
  creationLimit: number;
  /** Largest acceptable ratio of reads on a branch to reads on main. */
  readLimit: number;
}

/** A session of `turns` workload turns (written in large batches: the setup is not timed). */
async function sessionOf(store: BranchScaleStore, turns: number): Promise<AdvancedSessionBase> {
  const session = store.open(`w5-${turns}`);
  for (let start = 0; start < turns; start += SETUP_TURNS_PER_CALL) {
    const items = [];
    for (let i = start; i < Math.min(turns, start + SETUP_TURNS_PER_CALL); i++) items.push(...turnItems(i));
    await session.addItems(items);
  }
  return session;
}

async function readsOf(session: AdvancedSessionBase): Promise<number> {
  return timeIt(async () => {
    for (let i = 0; i < W2_READS; i++) {
      const items = await session.getItems(W2_LIMIT);
      if (items.length !== W2_LIMIT) throw new Error(`W5 read ${items.length} items`);
    }
  });
}

/**
 * Sessions of 100, 1,000 and 10,000 turns in one store.
 * `createBranchFromTurn(middle)` is timed `creations` times per size, the
 * sizes taking turns so machine noise hits them alike; then 100 x
 * `getItems(50)` on the new branch against the same reads on main, the
 * median of alternating rounds' ratios.
 */
export async function branchScaleRows(target: string, store: BranchScaleStore, options: BranchScaleOptions): Promise<ResultRow[]> {
  const sessions = new Map<number, AdvancedSessionBase>();
  const creations = new Map<number, number[]>(W5_SIZES.map((n) => [n, []]));
  const branchIds = new Map<number, string>();
  try {
    for (const turns of W5_SIZES) sessions.set(turns, await sessionOf(store, turns));
    await store.settle?.();
    for (let round = 0; round < options.creations; round++) {
      for (let k = 0; k < W5_SIZES.length; k++) {
        const turns = W5_SIZES[(round + k) % W5_SIZES.length]!;
        const session = sessions.get(turns)!;
        await session.switchToBranch('main');
        creations.get(turns)!.push(await timeIt(async () => branchIds.set(turns, await session.createBranchFromTurn(turns / 2))));
      }
    }
    const base = median(creations.get(W5_SIZES[0])!);
    const rows: ResultRow[] = W5_SIZES.map((turns) => ({
      target,
      phase: `W5 createBranchFromTurn(${turns / 2}), ${turns.toLocaleString('en')} turns`,
      packageMs: median(creations.get(turns)!),
      floor: `creation at ${W5_SIZES[0]} turns`,
      floorMs: base,
      ratio: median(creations.get(turns)!) / base,
      limit: turns === 10_000 ? options.creationLimit : undefined,
    }));
    for (const turns of W5_SIZES) {
      const branch = store.open(branchIds.get(turns)!);
      const main = store.open(`w5-${turns}`);
      await readsOf(branch);
      await readsOf(main);
      const ratios: number[] = [];
      const branchMs: number[] = [];
      const mainMs: number[] = [];
      for (let round = 0; round < options.readRounds; round++) {
        const branchFirst = round % 2 === 0;
        const a = await readsOf(branchFirst ? branch : main);
        const b = await readsOf(branchFirst ? main : branch);
        const [onBranch, onMain] = branchFirst ? [a, b] : [b, a];
        branchMs.push(onBranch);
        mainMs.push(onMain);
        ratios.push(onBranch / onMain);
      }
      rows.push({
        target,
        phase: `W5 100 x getItems(50) on a branch, ${turns.toLocaleString('en')} turns`,
        packageMs: median(branchMs),
        floor: 'same reads on main',
        floorMs: median(mainMs),
        ratio: median(ratios),
        limit: options.readLimit,
      });
      await Promise.all([branch.close(), main.close()]);
    }
    return rows;
  } finally {
    await Promise.all([...sessions.values()].map((s) => s.close()));
    await store.drop();
  }
}
