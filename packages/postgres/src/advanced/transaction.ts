import { setTimeout as sleep } from 'node:timers/promises';
import { SessionError } from '@sessions/core';
import type pg from 'pg';
import { isConnectionLost } from '../errors.js';

/**
 * serialization_failure and deadlock_detected: the transaction did nothing and may run again
 * (a deadlock with another client's locks; on a cluster, a failed commit-time check).
 */
const RETRYABLE = new Set(['40001', '40P01']);
export const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 5;

export type TransactionMode = 'read' | 'write';

const BEGIN: Record<TransactionMode, string> = {
  // One snapshot for every statement of a read.
  read: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  // Every write plan first locks its session's row; each later statement then takes a fresh
  // snapshot that holds what the previous holder committed. Under REPEATABLE READ or
  // SERIALIZABLE (e.g. a server default) a writer that waited for the lock would fail every time.
  write: 'BEGIN ISOLATION LEVEL READ COMMITTED',
};

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

async function attempt<T>(pool: pg.Pool, mode: TransactionMode, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: unknown;
  try {
    await client.query(BEGIN[mode]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    failure = error;
    if (!isConnectionLost(error)) await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    // A client whose connection broke is destroyed instead of going back to the pool.
    client.release(failure !== undefined && isConnectionLost(failure) ? (failure as Error) : undefined);
  }
}

/**
 * Runs `work` in one transaction on one pooled client. A write that fails
 * to serialise or is chosen as a deadlock victim did nothing, so it is run
 * again whole (`work` is called again) after a short jittered backoff, up to
 * `MAX_ATTEMPTS` times; pass `retry: false` for work that cannot be repeated.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  mode: TransactionMode,
  work: (client: pg.PoolClient) => Promise<T>,
  options: { retry?: boolean } = {},
): Promise<T> {
  const attempts = options.retry === false ? 1 : MAX_ATTEMPTS;
  for (let n = 1; ; n++) {
    try {
      return await attempt(pool, mode, work);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      if (n >= attempts) {
        throw new SessionError(
          'STORAGE_ERROR',
          `gave up after ${n} attempts, each failing to serialise with concurrent writes (${reason}); nothing was written`,
          { cause: error },
        );
      }
      await sleep(Math.random() * BASE_DELAY_MS * 2 ** n);
    }
  }
}
