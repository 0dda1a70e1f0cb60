import { SessionError } from '@sessions/core';
import type { Pool, PoolConnection } from 'mysql2/promise';
import { asPromisePool, poolKey, withConnection, type MySQLPool } from './connection.js';
import { errorText, isConnectionLost, isRolledBackConflict } from './errors.js';
import { beginTransaction, isGaleraPool } from './galera.js';

/** How often, and for how long, a transaction rolled back by a conflict is run again. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first wait's upper bound; it doubles with each attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No new attempt starts once this much time has passed since the first one began. */
  budgetMs: number;
}

/**
 * Sized for the worst case we test: six writers on three Galera nodes appending
 * to one session back to back. Every write to a session conflicts with every
 * concurrent one through another node (they all update its row), and the
 * nodes whose writers keep winning keep the row busy, so a loser may have to
 * wait until they pause: the waits grow to a second, and the time bound, not
 * the attempt count, is what a caller will usually meet first.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 20, baseDelayMs: 10, maxDelayMs: 1_000, budgetMs: 10_000 };

function checkPolicy(policy: RetryPolicy): RetryPolicy {
  const bad = (name: keyof RetryPolicy, min: number) => {
    const value = (policy as unknown as Record<string, unknown> | null)?.[name];
    return typeof value !== 'number' || !Number.isFinite(value) || value < min || (name === 'attempts' && !Number.isInteger(value));
  };
  const wrong = (['attempts', 'baseDelayMs', 'maxDelayMs', 'budgetMs'] as const).filter((name) => bad(name, name === 'attempts' ? 1 : 0));
  if (wrong.length > 0) {
    throw new SessionError('INVALID_ARGUMENT', `retry policy: ${wrong.join(', ')} must be finite numbers, attempts a whole number of at least 1 and the others at least 0`);
  }
  return policy;
}

/** Full jitter: a random wait up to an exponentially growing, capped bound. */
function backoff(policy: RetryPolicy, failedAttempts: number): number {
  return Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
}

/** One transaction on one pooled connection: the `begin` statements, `work`, COMMIT (ROLLBACK on failure). */
export async function attemptOnce<T>(pool: Pool, begin: string | readonly string[], work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  return withConnection(pool, async (connection) => {
    for (const statement of typeof begin === 'string' ? [begin] : begin) await connection.query(statement);
    try {
      const result = await work(connection);
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      if (!isConnectionLost(error)) await connection.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}

/**
 * Runs `work` in a transaction on one pooled connection (on a Galera node, one
 * that starts from everything the cluster committed), and runs the whole
 * transaction again when the server rolled it back because of a concurrent one
 * (a deadlock, a lock wait timeout, a Galera certification conflict reported at
 * COMMIT): such an attempt changed nothing, so a retry cannot apply a change
 * twice. Any other failure, a lost connection above all (whose COMMIT may or
 * may not have landed), is thrown as is. `work` must do nothing but SQL on the
 * connection it is given; `operation` names the call in errors. When the
 * policy's attempts or time run out, the SessionError says how many attempts
 * were made.
 */
export async function runTransaction<T>(
  pool: MySQLPool,
  operation: string,
  work: (connection: PoolConnection) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  const promisePool = asPromisePool(pool, 'pool');
  checkPolicy(policy);
  const begin = beginTransaction(await isGaleraPool(promisePool, poolKey(promisePool)));
  return retryRolledBack(operation, () => attemptOnce(promisePool, begin, work), policy);
}

/**
 * Runs `attempt` (one whole transaction, made afresh each time) again while
 * the server rolls it back because of a concurrent transaction, with the
 * policy's jittered backoff; anything else is thrown as is.
 */
export async function retryRolledBack<T>(operation: string, attempt: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<T> {
  const started = Date.now();
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRolledBackConflict(error)) throw error;
      const wait = backoff(policy, tries);
      const elapsed = Date.now() - started;
      if (tries >= policy.attempts || elapsed + wait > policy.budgetMs) {
        throw new SessionError(
          'STORAGE_ERROR',
          `${operation} gave up after ${tries} attempt${tries === 1 ? '' : 's'} in ${elapsed} ms: each was rolled back by a conflicting concurrent transaction, so nothing was changed and the call can be made again (last error: ${errorText(error)})`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
