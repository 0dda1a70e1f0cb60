import { redactUrl } from '@sessions/core';
import { retryWhileRefused } from './retry-refused.js';
import { runOnMySQL } from './run-on-server.js';
import { galeraNodeUrls } from './server-urls.js';

/** What a Galera node says of itself: `Synced` when it serves, and how many nodes its cluster has. */
export interface GaleraNodeStatus {
  state: string;
  clusterSize: number;
}

export async function galeraNodeStatus(url: string): Promise<GaleraNodeStatus> {
  const rows = await runOnMySQL(url, "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state_comment', 'wsrep_cluster_size')");
  const value = (name: string) => rows.find((row) => row.Variable_name === name)?.Value as string | undefined;
  return { state: value('wsrep_local_state_comment') ?? 'not a Galera node', clusterSize: Number(value('wsrep_cluster_size') ?? 0) };
}

/** Why the cluster cannot be used (a node down, joining, or not in a cluster of all of them), or undefined. */
export async function galeraClusterProblem(retryForMs: number): Promise<string | undefined> {
  for (const url of galeraNodeUrls) {
    const status = await retryWhileRefused(() => galeraNodeStatus(url), retryForMs);
    if (status.state !== 'Synced' || status.clusterSize !== galeraNodeUrls.length) {
      return `node ${redactUrl(url)} is ${status.state} in a cluster of ${status.clusterSize}, expected Synced in a cluster of ${galeraNodeUrls.length}`;
    }
  }
  return undefined;
}
