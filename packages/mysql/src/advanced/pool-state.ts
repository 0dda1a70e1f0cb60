import type { ChainCache } from '@sessions/core';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { MySQLClient } from '../connection.js';
import { isGaleraPool } from '../galera.js';
import { schemaReady } from '../session-setup.js';

/** Lane chains per pool: every session object on one pool shares them. */
const chainCaches = new WeakMap<object, ChainCache>();

export function chainCacheOf(client: MySQLClient): ChainCache {
  let cache = chainCaches.get(client.key);
  if (!cache) {
    cache = new Map();
    chainCaches.set(client.key, cache);
  }
  return cache;
}

/**
 * Whether the server never hands an AUTO_INCREMENT value out twice, even
 * after a rollback followed by a restart. InnoDB does not give back ids of
 * rolled-back inserts while it runs, but before MySQL 8.0 and MariaDB 10.2.4
 * it forgot its counter on restart and started again from the largest id
 * still stored: a lane made by a rolled-back transaction, or deleted by
 * garbage collection, could then come back with the same id and other
 * contents. A chain remembered for a lane id is only safe where ids are
 * never reused, which the persistent counters of MySQL 8 and MariaDB
 * 10.2.4+ guarantee.
 */
export function persistentAutoIncrement(version: string): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (/mariadb/i.test(version)) return major > 10 || (major === 10 && (minor > 2 || (minor === 2 && patch >= 4)));
  return major >= 8;
}

async function askPersistent(pool: Pool): Promise<boolean> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT VERSION() AS version');
  return persistentAutoIncrement(String(rows[0]?.version ?? ''));
}

const remembering = new WeakMap<object, Promise<boolean>>();

/** What the advanced store needs to know of the server behind a pool. */
export interface AdvancedPool {
  /** Lane chains may be cached (see `persistentAutoIncrement`). */
  rememberChains: boolean;
  /** The server is a Galera node: reads wait for the cluster's writes, and sessions are locked by a write (see `isGaleraPool`). */
  galera: boolean;
}

/** The schema is in place (or created, with `createTables`); resolves to what the store needs to know of the server. */
export function advancedReady(client: MySQLClient, createTables: boolean): Promise<AdvancedPool> {
  return schemaReady(client, createTables).then(async () => {
    let known = remembering.get(client.key);
    if (!known) {
      known = askPersistent(client.pool);
      remembering.set(client.key, known);
      const asked = known;
      asked.catch(() => {
        if (remembering.get(client.key) === asked) remembering.delete(client.key);
      });
    }
    const [rememberChains, galera] = await Promise.all([known, isGaleraPool(client.pool, client.key)]);
    return { rememberChains, galera };
  });
}
