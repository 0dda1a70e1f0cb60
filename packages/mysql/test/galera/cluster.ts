import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createThrowawayDatabase, galeraNodeStatus, runOnMySQL, type ThrowawayDatabase } from '@sessions/test-servers';
import { MySQLSession } from '@sessions/mysql';
import { createConnection, createPool, type Connection, type Pool } from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';
import { migrateWithBinary } from '../mysql-server.js';

const clusterScript = fileURLToPath(new URL('../../../../scripts/galera-cluster.sh', import.meta.url));

/** A fresh database on the cluster (created through node 1, replicated to the others), migrated with the real binary. */
export async function createClusterDatabase(): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase('galera', 'cluster');
  migrateWithBinary(database.url);
  return database;
}

/** A pool on one node, like an app server talking to its own node. */
export function poolOn(url: string, connectionLimit = 2): Pool {
  return createPool({ uri: url, connectionLimit });
}

/**
 * For a test file: a fresh cluster database (made before its tests, dropped after), and session
 * objects on it, each on a pool of its own on the node it names (0-based): separate app servers.
 */
export function useClusterDatabase(): { database: () => ThrowawayDatabase; sessionOn: (node: number, id: string) => MySQLSession } {
  let database: ThrowawayDatabase | undefined;
  const pools: Pool[] = [];
  beforeAll(async () => {
    database = await createClusterDatabase();
  });
  afterAll(async () => {
    await Promise.allSettled(pools.map((pool) => pool.end()));
    await database?.drop();
  });
  return {
    database: () => database!,
    sessionOn(node, id) {
      const pool = poolOn(database!.urls[node]!);
      pools.push(pool);
      return new MySQLSession(id, { pool });
    },
  };
}

/** A connection to one node whose reads wait for writes committed through the other nodes. */
export async function causalConnection(url: string): Promise<Connection> {
  const connection = await createConnection({ uri: url, charset: 'UTF8MB4_UNICODE_CI' });
  // 1 | 2: reads, and UPDATE/DELETE too, first wait for what the cluster already committed
  // (a DELETE right after a write through another node must find its rows).
  await connection.query('SET SESSION wsrep_sync_wait = 3');
  return connection;
}

/** Kills the node behind `url` with SIGKILL (found through its pid file); returns its pid. */
export async function killNode(url: string): Promise<number> {
  const [row] = await runOnMySQL(url, 'SELECT @@pid_file AS file');
  const pid = Number((await readFile(String(row!.file), 'utf8')).trim());
  process.kill(pid, 'SIGKILL');
  return pid;
}

/** Starts the nodes that are down (they rejoin); resolves once every node is Synced in one cluster. */
export async function startMissingNodes(): Promise<void> {
  await promisify(execFile)(clusterScript, ['start'], { timeout: 120_000 });
}

export async function waitUntilSynced(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await galeraNodeStatus(url).catch(() => undefined);
    if (status?.state === 'Synced') return;
    if (Date.now() > deadline) throw new Error(`${url} is not Synced after ${timeoutMs} ms (${status?.state ?? 'down'})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Server counters summed over the nodes: transactions started, and conflicts the cluster rolled back. */
export interface ClusterCounters {
  transactions: number;
  certificationFailures: number;
  bruteForceAborts: number;
  deadlocks: number;
}

const COUNTERS = "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_begin', 'wsrep_local_cert_failures', 'wsrep_local_bf_aborts', 'Innodb_deadlocks')";

export async function clusterCounters(urls: string[]): Promise<ClusterCounters> {
  const total: ClusterCounters = { transactions: 0, certificationFailures: 0, bruteForceAborts: 0, deadlocks: 0 };
  for (const url of urls) {
    const rows = await runOnMySQL(url, COUNTERS);
    const value = (name: string) => Number(rows.find((row) => row.Variable_name === name)?.Value ?? 0);
    total.transactions += value('Com_begin');
    total.certificationFailures += value('wsrep_local_cert_failures');
    total.bruteForceAborts += value('wsrep_local_bf_aborts');
    total.deadlocks += value('Innodb_deadlocks');
  }
  return total;
}

export function countersSince(before: ClusterCounters, after: ClusterCounters): ClusterCounters {
  return {
    transactions: after.transactions - before.transactions,
    certificationFailures: after.certificationFailures - before.certificationFailures,
    bruteForceAborts: after.bruteForceAborts - before.bruteForceAborts,
    deadlocks: after.deadlocks - before.deadlocks,
  };
}
