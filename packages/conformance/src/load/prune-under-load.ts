import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PruneResult, SessionStore } from '@sessions/core';

export interface PruneUnderLoadOptions {
  /** The store to prune (its sessions already written). */
  store: SessionStore;
  /** A module exporting `openSessionStore` (a `.ts` file runs through tsx with the source conditions). */
  adapterModule: URL;
  /** The URL the child process opens the same store with. */
  url: string;
  /** Live sessions the child writes to: `${livePrefix}-0` .. `${livePrefix}-${liveCount - 1}`. */
  livePrefix: string;
  liveCount: number;
  batchSize?: number | undefined;
}

export interface PruneUnderLoadFigures {
  result: PruneResult;
  /** Writes (append + read back) the child completed in all, and while the prune ran. */
  liveWrites: number;
  liveWritesDuringPrune: number;
  liveFailures: number;
  failureMessages: string[];
  pruneMs: number;
}

/**
 * Prunes expired sessions while another process keeps writing to live ones
 * through the same store: a prune on a busy store must not fail a live call.
 */
export async function pruneUnderLoad(options: PruneUnderLoadOptions): Promise<PruneUnderLoadFigures> {
  const source = import.meta.url.endsWith('.ts');
  const childFile = fileURLToPath(new URL(`./live-writer-child.${source ? 'ts' : 'js'}`, import.meta.url));
  const loader = source || options.adapterModule.pathname.endsWith('.ts') ? ['--import', 'tsx', '--conditions=@sessions/source'] : [];
  const child = spawn(process.execPath, [...loader, childFile, options.adapterModule.href, options.url, options.livePrefix, String(options.liveCount)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let latestWrites = 0;
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) onReady();
    const progress = [...stdout.matchAll(/^writes (\d+) failures \d+$/gm)].pop();
    if (progress) latestWrites = Number(progress[1]);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`live writer exited with ${code}: ${stderr}`))));
  });
  try {
    await Promise.race([ready, exited]);
    // Let the writer get going before the prune starts.
    while (latestWrites < 50) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (child.exitCode !== null) break;
    }
    const started = Date.now();
    const result = await options.store.pruneSessions({ expired: true, batchSize: options.batchSize });
    const ended = Date.now();
    // The writer goes on a little after the prune, so its last writes are seen to succeed too.
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.stdin.end(`stop ${started} ${ended}\n`);
    await exited;
    const totals = JSON.parse(stdout.trim().split('\n').pop()!) as { writes: number; during: number; failures: number; messages: string[] };
    return {
      result,
      liveWrites: totals.writes,
      liveWritesDuringPrune: totals.during,
      liveFailures: totals.failures,
      failureMessages: totals.messages,
      pruneMs: ended - started,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
