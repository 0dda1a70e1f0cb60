import type { BenchSubject, PhaseId } from './subject.js';
import { timeIt } from './timing.js';
import { turnItems, W1_TURNS, W2_LIMIT, W2_READS, W4_POPS, W6_SESSIONS, W6_TURNS } from './workload.js';

export type PhaseTimes = Partial<Record<PhaseId, number>>;

/** W1 to W4 on one fresh store: append, limited reads, read all, pops. */
async function appendReadPop(subject: BenchSubject, phases: Set<PhaseId>, times: PhaseTimes): Promise<void> {
  const session = await subject.session('bench-w1');
  try {
    times.W1 = await timeIt(async () => {
      for (let i = 0; i < W1_TURNS; i++) await session.addItems(turnItems(i));
    });
    if (phases.has('W2')) {
      times.W2 = await timeIt(async () => {
        for (let i = 0; i < W2_READS; i++) {
          const items = await session.getItems(W2_LIMIT);
          if (items.length !== W2_LIMIT) throw new Error(`W2 read ${items.length} items`);
        }
      });
    }
    if (phases.has('W3')) {
      times.W3 = await timeIt(async () => {
        const items = await session.getItems();
        if (items.length !== W1_TURNS * 4) throw new Error(`W3 read ${items.length} items`);
      });
    }
    if (phases.has('W4')) {
      times.W4 = await timeIt(async () => {
        for (let i = 0; i < W4_POPS; i++) if ((await session.popItem()) === undefined) throw new Error('W4 popped nothing');
      });
    }
  } finally {
    await session.close();
  }
}

/** W6: many sessions, then the first page of sessions and one session's latest items. Only the reads are timed. */
async function manySessions(subject: BenchSubject, times: PhaseTimes): Promise<void> {
  if (!subject.listSessions) throw new Error('W6 needs listSessions');
  for (let s = 0; s < W6_SESSIONS; s++) {
    const session = await subject.session(`bench-w6-${s}`);
    for (let t = 0; t < W6_TURNS; t++) await session.addItems(turnItems(t));
    await session.close();
  }
  times.W6 = await timeIt(async () => {
    const page = await subject.listSessions!(50);
    if (page.length === 0) throw new Error('W6 listed no sessions');
    const session = await subject.session('bench-w6-500');
    const items = await session.getItems(50);
    await session.close();
    if (items.length !== 40) throw new Error(`W6 read ${items.length} items`);
  });
}

/** Runs the requested phases, each group on a fresh store from `open`. */
export async function runPhases(open: () => Promise<BenchSubject>, phases: PhaseId[]): Promise<PhaseTimes> {
  const wanted = new Set(phases);
  const times: PhaseTimes = {};
  if (['W1', 'W2', 'W3', 'W4'].some((p) => wanted.has(p as PhaseId))) {
    const subject = await open();
    try {
      await appendReadPop(subject, wanted, times);
    } finally {
      await subject.close();
    }
  }
  if (wanted.has('W6')) {
    const subject = await open();
    try {
      await manySessions(subject, times);
    } finally {
      await subject.close();
    }
  }
  return times;
}
