import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { historyAfter, historyBefore } from '../crash/compaction-histories.js';
import type { Harness } from '../harness.js';
import type { ProcessCapability } from '../target.js';

/** Sessions each child compacts, one after another. */
const SESSIONS_PER_CHILD = 8;
/** Children alive at once. */
const PARALLEL = 3;

interface ChildRun {
  /** The child's lines: `ready`, then `start i` / `done i`. */
  lines: string[];
  /** Milliseconds from `ready` to exit. */
  elapsed: number;
}

/** Runs the child on sessions `${prefix}-i`; kills it `killAfter` ms after it is ready (never, when undefined). */
function runChild(processes: ProcessCapability, prefix: string, killAfter: number | undefined): Promise<ChildRun> {
  const source = import.meta.url.endsWith('.ts');
  const child = fileURLToPath(new URL(`../crash/compaction-child.${source ? 'ts' : 'js'}`, import.meta.url));
  const loader = source || processes.sessionModule.pathname.endsWith('.ts') ? ['--import', 'tsx', '--conditions=@sessions/source'] : [];
  const args = [...loader, child, processes.sessionModule.href, prefix, String(SESSIONS_PER_CHILD)];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { env: { ...process.env, ...processes.env() }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let ready = 0;
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (ready === 0 && stdout.startsWith('ready\n')) {
        ready = Date.now();
        if (killAfter !== undefined) setTimeout(() => proc.kill('SIGKILL'), killAfter);
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`compaction child exited with ${code ?? signal}: ${stderr}`));
      else resolve({ lines: stdout.split('\n').filter(Boolean), elapsed: Date.now() - ready });
    });
  });
}

export function compactionCrashSpec(h: Harness): void {
  const processes = h.target.capabilities?.processes;
  const enabled = h.mode === 'plain' && processes !== undefined && h.target.capabilities?.historyCapabilities === true;
  const runs = processes?.crashRuns ?? 50;

  describe.runIf(enabled)('replaceHistoryWithCompaction under kill -9', () => {
    async function seed(prefix: string): Promise<void> {
      for (let i = 0; i < SESSIONS_PER_CHILD; i++) {
        const session = await h.target.createSession(`${prefix}-${i}`);
        await session.addItems(historyBefore(`${prefix}-${i}`));
        await session.close();
      }
    }

    /** Every session holds its old or its new history, whole; those compacted before the kill hold the new one. */
    async function check(prefix: string, run: ChildRun): Promise<'in flight' | 'between'> {
      const done = new Set(run.lines.filter((l) => l.startsWith('done ')).map((l) => Number(l.slice(5))));
      const started = new Set(run.lines.filter((l) => l.startsWith('start ')).map((l) => Number(l.slice(6))));
      for (let i = 0; i < SESSIONS_PER_CHILD; i++) {
        const id = `${prefix}-${i}`;
        const session = await h.target.createSession(id);
        const stored = JSON.stringify(await session.getItems());
        await session.close();
        const before = JSON.stringify(historyBefore(id));
        const after = JSON.stringify(historyAfter(id));
        if (done.has(i)) expect(stored, `${id} was compacted`).toBe(after);
        else if (started.has(i)) expect([before, after], `${id} was being compacted`).toContain(stored);
        else expect(stored, `${id} was not compacted yet`).toBe(before);
      }
      return started.size > done.size ? 'in flight' : 'between';
    }

    it(`${runs} child processes killed at random points during compactions: every session holds its old or its new history`, async () => {
      const prefix = h.newId('crash');
      // The first child runs to the end: how long its compactions take sets the window for the kills.
      await seed(`${prefix}-r0`);
      const calibration = await runChild(processes!, `${prefix}-r0`, undefined);
      await check(`${prefix}-r0`, calibration);
      const window = Math.max(calibration.elapsed, 5);

      const landed = { 'in flight': 0, between: 0 };
      let next = 1;
      async function worker(): Promise<void> {
        while (next < runs) {
          const runPrefix = `${prefix}-r${next++}`;
          await seed(runPrefix);
          const run = await runChild(processes!, runPrefix, Math.random() * window);
          landed[await check(runPrefix, run)]++;
        }
      }
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      expect(landed['in flight'] + landed.between).toBe(runs - 1);
      // Kills must really have hit replacements in progress, or the case proves nothing.
      expect(landed['in flight'], `kills during a replacement: ${JSON.stringify(landed)}`).toBeGreaterThan(0);
    }, 900_000);
  });
}
