import type { Pool, PoolConnection } from 'mysql2/promise';
import { beginTransaction, causalRead } from '../galera.js';
import { attemptOnce } from '../transaction.js';

/**
 * The advanced store's transactions. Writes run at READ COMMITTED: every
 * write plan starts by locking its session's row, so what it reads after
 * that is the latest committed state (no older snapshot to reason about),
 * and InnoDB takes no gap locks, so writers of different sessions (whose
 * lanes and items sit next to each other in the indexes) never wait on
 * each other or deadlock through a range they both touched. Multi-step reads
 * run in one REPEATABLE READ snapshot, so they see one committed state.
 */

const READ_COMMITTED = 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED';
const REPEATABLE_READ = 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ';
const SNAPSHOT = 'START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT';

/**
 * One READ COMMITTED write transaction on one pooled connection, once (see
 * `retryConflicts`). On a Galera node (`galera`) it starts from everything
 * the cluster had committed (see `beginTransaction`).
 */
export function writeTransaction<T>(pool: Pool, galera: boolean, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  return attemptOnce(pool, [READ_COMMITTED, beginTransaction(galera)], work);
}

/** One read-only snapshot on one pooled connection; on a Galera node, of everything the cluster had committed when it began. */
export function readSnapshot<T>(pool: Pool, galera: boolean, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  return attemptOnce(pool, [REPEATABLE_READ, causalRead(SNAPSHOT, galera)], work);
}

/** A whole call run again while the server rolls its transaction back for a conflict: the package's one retry rule. */
export { retryRolledBack as retryConflicts } from '../transaction.js';
