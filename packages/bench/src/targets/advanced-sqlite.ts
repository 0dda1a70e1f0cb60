import { AdvancedSQLiteSession, openAdvancedSqliteStore } from '@sessions/advanced-sqlite';
import { storeScaleRows } from '../store-scale.js';
import Database from 'better-sqlite3';
import type { ResultRow } from '../report.js';
import type { BenchSubject, BenchTarget } from '../subject.js';
import { median, timeIt } from '../timing.js';
import { turnItems, W2_LIMIT, W2_READS } from '../workload.js';
import { sqliteFloorSubject, tempFile } from '../sqlite-floor.js';

/**
 * W1/W2 (and W3/W4 for information) of AdvancedSQLiteSession against the
 * plain better-sqlite3 floor of @sessions/sqlite's target: the same
 * durability settings, hand-written SQL, one transaction per turn. The issue
 * allows 2x for W1 and W2: every item also gets its structure row.
 */
export const target: BenchTarget = {
  name: '@sessions/advanced-sqlite',
  floorName: 'better-sqlite3',
  phases: ['W1', 'W2', 'W3', 'W4'],
  limits: { W1: 2, W2: 2 },
  async packageSubject(): Promise<BenchSubject> {
    const file = tempFile('advanced-sqlite');
    return { session: (id) => new AdvancedSQLiteSession(id, { path: file.path }), close: async () => file.drop() };
  },
  floorSubject: () => sqliteFloorSubject('advanced-sqlite-floor'),
};

export const W5_SIZES = [100, 1_000, 10_000] as const;
const W5_BRANCHES = 101;
const W5_READ_ROUNDS = 9;
const SETUP_TURNS_PER_CALL = 250;

export interface W5Row {
  label: string;
  /** Median time of the measured step, in milliseconds. */
  ms: number;
  /** What the ratio is taken against, and its time. */
  against?: string | undefined;
  againstMs?: number | undefined;
  ratio?: number | undefined;
  limit?: number | undefined;
}

/** A session of `turns` workload turns (written in large batches: the setup is not timed). */
async function sessionOf(path: string, turns: number): Promise<AdvancedSQLiteSession> {
  const session = new AdvancedSQLiteSession(`w5-${turns}`, { path });
  for (let start = 0; start < turns; start += SETUP_TURNS_PER_CALL) {
    const items = [];
    for (let i = start; i < Math.min(turns, start + SETUP_TURNS_PER_CALL); i++) items.push(...turnItems(i));
    await session.addItems(items);
  }
  return session;
}

/** Checkpoints the setup's WAL, so no timed commit pays for it. */
function checkpoint(path: string): void {
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

async function readsOf(session: AdvancedSQLiteSession): Promise<number> {
  return timeIt(async () => {
    for (let i = 0; i < W2_READS; i++) {
      const items = await session.getItems(W2_LIMIT);
      if (items.length !== W2_LIMIT) throw new Error(`W5 read ${items.length} items`);
    }
  });
}

/**
 * BENCHMARK.md W5: sessions of 100, 1,000 and 10,000 turns in one file.
 * `createBranchFromTurn(middle)` is timed 101 times per size, the sizes taking
 * turns so machine noise hits them alike (each creation is a durable commit);
 * then 100 x `getItems(50)` on the new branch against the same reads on main,
 * the median of 9 alternating rounds' ratios.
 */
export async function runW5(): Promise<{ rows: W5Row[] }> {
  const file = tempFile('advanced-sqlite-w5');
  const sessions = new Map<number, AdvancedSQLiteSession>();
  const creations = new Map<number, number[]>(W5_SIZES.map((n) => [n, []]));
  const branchIds = new Map<number, string>();
  try {
    for (const turns of W5_SIZES) sessions.set(turns, await sessionOf(file.path, turns));
    checkpoint(file.path);
    for (let round = 0; round < W5_BRANCHES; round++) {
      for (let k = 0; k < W5_SIZES.length; k++) {
        const turns = W5_SIZES[(round + k) % W5_SIZES.length]!;
        const session = sessions.get(turns)!;
        await session.switchToBranch('main');
        creations.get(turns)!.push(await timeIt(async () => branchIds.set(turns, await session.createBranchFromTurn(turns / 2))));
      }
    }
    const base = median(creations.get(W5_SIZES[0])!);
    const rows: W5Row[] = W5_SIZES.map((turns) => {
      const ms = median(creations.get(turns)!);
      return {
        label: `W5 createBranchFromTurn(${turns / 2}), ${turns.toLocaleString('en')} turns`,
        ms,
        against: `creation at ${W5_SIZES[0]} turns`,
        againstMs: base,
        ratio: ms / base,
        limit: turns === 10_000 ? 2 : undefined,
      };
    });

    for (const turns of W5_SIZES) {
      const branch = new AdvancedSQLiteSession(branchIds.get(turns)!, { path: file.path });
      const main = new AdvancedSQLiteSession(`w5-${turns}`, { path: file.path });
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
        label: `W5 100 x getItems(50) on a branch, ${turns.toLocaleString('en')} turns`,
        ms: median(branchMs),
        against: 'same reads on main',
        againstMs: median(mainMs),
        ratio: median(ratios),
        limit: 1.5,
      });
      await Promise.all([branch.close(), main.close()]);
    }
    return { rows };
  } finally {
    await Promise.all([...sessions.values()].map((s) => s.close()));
    file.drop();
  }
}

/** W5 rows in the harness's table format. */
export async function extraRows(): Promise<ResultRow[]> {
  const { rows } = await runW5();
  const w5 = rows.map((row) => ({
    target: target.name,
    phase: row.label,
    packageMs: row.ms,
    floor: row.against ?? '',
    floorMs: row.againstMs,
    ratio: row.ratio,
    limit: row.limit,
  }));
  return [...w5, ...(await storeScaleRows(target.name, (path) => openAdvancedSqliteStore(path, { create: true })))];
}
