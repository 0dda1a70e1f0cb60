import { SessionError } from '@sessions/core';
import type { Pool, PoolConnection } from 'mysql2/promise';
import { withConnection } from '../connection.js';
import { errorText, isConnectionLost, isRolledBackConflict } from '../errors.js';
import { DEFAULT_RETRY_POLICY } from '../transaction.js';

/**
 * The advanced store's transactions. Writes run at READ COMMITTED: every
 * write plan starts by locking its session's row, so what it reads after
 * that is the latest committed state (no older snapshot to reason about),
 * and InnoDB takes no gap locks, so writers of different sessions (whose
 * lanes and items sit next to each other in the indexes) never wait on
 * each other or deadlock through a range they both touched. Multi-step reads
 * run in one REPEATABLE READ snapshot, so they see one committed state.
 */

async function inTransaction<T>(pool: Pool, begin: readonly string[], work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  return withConnection(pool, async (connection) => {
    for (const statement of begin) await connection.query(statement);
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

const WRITE = ['SET TRANSACTION ISOLATION LEVEL READ COMMITTED', 'START TRANSACTION'];
const READ = ['SET TRANSACTION ISOLATION LEVEL REPEATABLE READ', 'START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT'];

/** One READ COMMITTED write transaction on one pooled connection, once (see `retryConflicts`). */
export function writeTransaction<T>(pool: Pool, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  return inTransaction(pool, WRITE, work);
}

/** One read-only snapshot on one pooled connection. */
export function readSnapshot<T>(pool: Pool, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  return inTransaction(pool, READ, work);
}

/**
 * Runs `attempt` (one whole transaction, made afresh each time) again when
 * the server rolled it back because of a conflicting transaction, with the
 * bounded, jittered backoff of the package's `runTransaction` (DEFAULT_RETRY_POLICY). Anything else, a lost
 * connection above all (whose COMMIT may or may not have landed), is thrown
 * as is.
 */
export async function retryConflicts<T>(operation: string, attempt: () => Promise<T>, policy = DEFAULT_RETRY_POLICY): Promise<T> {
  const started = Date.now();
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRolledBackConflict(error)) throw error;
      const wait = Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tries - 1));
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
