import { galeraClusterProblem } from './galera-status.js';
import { runOnServer } from './run-on-server.js';
import type { Dialect } from './server-urls.js';

export interface ProbeOptions {
  /** How long a refused connection is tried again before the server counts as down (default 5 s). */
  retryForMs?: number;
}

/** Why the server cannot be used, or undefined when it answers `SELECT 1` (a cluster: every node Synced, all in one cluster). */
export async function unreachableReason(dialect: Dialect, options: ProbeOptions = {}): Promise<string | undefined> {
  const retryForMs = options.retryForMs ?? 5_000;
  try {
    if (dialect === 'galera') return await galeraClusterProblem(retryForMs);
    await runOnServer(dialect, 'SELECT 1', { retryForMs });
    return undefined;
  } catch (error) {
    // Node reports a refused "localhost" as an AggregateError with an empty message.
    if (error instanceof Error) return error.message || String((error as { code?: unknown }).code);
    return String(error);
  }
}
