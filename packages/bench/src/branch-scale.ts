import type { AdvancedSessionBase } from '@sessions/core';
import type { ResultRow } from './report.js';
import { median, timeIt } from './timing.js';
import { turnItems, W2_LIMIT, W2_READS } from './workload.js';

export const W5_SIZES = [100, 1_000, 10_000] as const;
const W5_BRANCHES = 101;
const W5_READ_ROUNDS = 9;
const SETUP_TURNS_PER_CALL = 250;

/** An advanced store for W5: sessions (or branches) by id, all on one database. */
export interface BranchScaleStore {
  open(id: string): AdvancedSessionBase;
  /** Runs after the sessions are written (not timed), so no timed call pays for the setup. */
  settle?(): Promise<void>;
}

/** The largest acceptable ratios: creation at 10,000 turns against 100 turns, and reads on a branch against main. */
export interface BranchScaleLimits {
  creation: number;
  reads: number;
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
 * BENCHMARK.md W5: sessions of 100, 1,000 and 10,000 turns in one database.
 * `createBranchFromTurn(middle)` is timed 101 times per size, the sizes taking
 * turns so machine noise hits them alike; then 100 x `getItems(50)` on the new
 * branch against the same reads on main, the median of 9 alternating rounds' ratios.
 */
export async function runBranchScale(target: string, store: BranchScaleStore, limits: BranchScaleLimits): Promise<ResultRow[]> {
  const sessions = new Map<number, AdvancedSessionBase>();
  const creations = new Map<number, number[]>(W5_SIZES.map((n) => [n, []]));
  const branchIds = new Map<number, string>();
  const rows: ResultRow[] = [];
  try {
    for (const turns of W5_SIZES) sessions.set(turns, await sessionOf(store, turns));
    await store.settle?.();
    for (let round = 0; round < W5_BRANCHES; round++) {
      for (let k = 0; k < W5_SIZES.length; k++) {
        const turns = W5_SIZES[(round + k) % W5_SIZES.length]!;
        const session = sessions.get(turns)!;
        await session.switchToBranch('main');
        creations.get(turns)!.push(await timeIt(async () => branchIds.set(turns, await session.createBranchFromTurn(turns / 2))));
      }
    }
    const base = median(creations.get(W5_SIZES[0])!);
    for (const turns of W5_SIZES) {
      const ms = median(creations.get(turns)!);
      rows.push({
        target,
        phase: `W5 createBranchFromTurn(${turns / 2}), ${turns.toLocaleString('en')} turns`,
        packageMs: ms,
        floor: `creation at ${W5_SIZES[0]} turns`,
        floorMs: base,
        ratio: ms / base,
        limit: turns === 10_000 ? limits.creation : undefined,
      });
    }
    for (const turns of W5_SIZES) {
      const branch = store.open(branchIds.get(turns)!);
      const main = store.open(`w5-${turns}`);
      await readsOf(branch);
      await readsOf(main);
      const ratios: number[] = [];
      const branchMs: number[] = [];
      const mainMs: number[] = [];
      for (let round = 0; round < W5_READ_ROUNDS; round++) {
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
        limit: limits.reads,
      });
      await Promise.all([branch.close(), main.close()]);
    }
    return rows;
  } finally {
    await Promise.all([...sessions.values()].map((s) => s.close()));
  }
}
