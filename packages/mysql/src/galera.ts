import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';

/**
 * A Galera node (MariaDB Galera Cluster) certifies a transaction with the whole
 * cluster before its COMMIT returns, but applies other nodes' transactions a
 * moment later. A read prefixed with this waits until every transaction the
 * cluster had committed when the read began is applied on this node, so a
 * session reads its own writes whichever node they went through.
 */
const CAUSAL_READ = 'SET STATEMENT wsrep_sync_wait = 1 FOR ';

/** `statement` made to wait for writes committed on other nodes when `galera`, else as is. */
export function causalRead(statement: string, galera: boolean): string {
  return galera ? CAUSAL_READ + statement : statement;
}

/**
 * On a Galera node a transaction starts from everything the cluster had
 * committed: it reads the latest rows, and a write right after one through
 * another node is not refused at COMMIT for having worked on rows this node
 * had not caught up with yet.
 */
export function beginTransaction(galera: boolean): string {
  return causalRead('START TRANSACTION', galera);
}

/** Whether the server is a node of a running Galera cluster (`wsrep_on`); false on MySQL and plain MariaDB. */
export async function isGaleraNode(connection: Pool | PoolConnection): Promise<boolean> {
  const [rows] = await connection.query<RowDataPacket[]>("SHOW VARIABLES LIKE 'wsrep_on'");
  return String(rows[0]?.Value ?? '').toUpperCase() === 'ON';
}

/** Per pool: asked once, a failure asked again on the next call. */
const galeraPools = new WeakMap<object, Promise<boolean>>();

/** `isGaleraNode` for a pool, asked once per pool (`key` identifies it, see MySQLClient.key). */
export function isGaleraPool(pool: Pool, key: object): Promise<boolean> {
  let known = galeraPools.get(key);
  if (!known) {
    known = isGaleraNode(pool);
    galeraPools.set(key, known);
    const asked = known;
    asked.catch(() => {
      if (galeraPools.get(key) === asked) galeraPools.delete(key);
    });
  }
  return known;
}
