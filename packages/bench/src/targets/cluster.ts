// BENCHMARK.md's W1 on a three-node MariaDB Galera cluster (scripts/galera-cluster.sh start):
// through one node, and with one session's turns spread over the three nodes in turn.
import { migrate, MySQLSession } from '@sessions/mysql';
import { createThrowawayDatabase, galeraNodeUrls, redactUrl, unreachableReason } from '@sessions/test-servers';
import { createPool } from 'mysql2/promise';
import { floorConnection, FloorMySQLSession } from '../mysql-floor.js';
import type { BenchSession, BenchSubject, BenchTarget } from '../subject.js';

/** One session whose calls go to each of `sessions` in turn, as behind a round-robin load balancer. */
function roundRobin(sessions: BenchSession[]): BenchSession {
  let next = 0;
  const pick = () => sessions[next++ % sessions.length]!;
  return {
    addItems: (items) => pick().addItems(items),
    getItems: (limit) => pick().getItems(limit),
    popItem: () => pick().popItem(),
    close: async () => {
      await Promise.all(sessions.map((session) => session.close()));
    },
  };
}

async function available(): Promise<true | string> {
  const reason = await unreachableReason('galera');
  return (
    reason === undefined ||
    `the MariaDB Galera cluster at ${galeraNodeUrls.map(redactUrl).join(', ')} is not running (${reason}); start it with scripts/galera-cluster.sh start, or set SESSIONS_GALERA_URLS`
  );
}

// What the package runs on a Galera node, written by hand: a write right after one through another
// node would otherwise be refused at COMMIT whenever this node has not applied the earlier one yet.
const CAUSAL_BEGIN = 'SET STATEMENT wsrep_sync_wait = 1 FOR START TRANSACTION';

function clusterTarget(nodes: number): BenchTarget {
  const over = nodes === 1 ? 'through one node' : `over ${nodes} nodes`;
  return {
    name: `cluster: @sessions/mysql ${over}`,
    floorName: `mysql2 ${over}`,
    phases: ['W1'],
    available,
    async packageSubject(): Promise<BenchSubject> {
      const database = await createThrowawayDatabase('galera', 'bench_pkg');
      // An app server per node, each with its own mysql2 pool.
      const pools = database.urls.slice(0, nodes).map((uri) => createPool({ uri }));
      await migrate({ pool: pools[0]! });
      return {
        session: (id) => roundRobin(pools.map((pool) => new MySQLSession(id, { pool }))),
        close: async () => {
          await Promise.all(pools.map((pool) => pool.end()));
          await database.drop();
        },
      };
    },
    async floorSubject(): Promise<BenchSubject> {
      const database = await createThrowawayDatabase('galera', 'bench_floor');
      const [first, ...others] = database.urls.slice(0, nodes);
      // The tables are made once, through the first node; the cluster replicates them.
      const connections = [await floorConnection(first!), ...(await Promise.all(others.map((url) => floorConnection(url, false))))];
      return {
        session: (id) => roundRobin(connections.map((connection) => new FloorMySQLSession(connection, id, CAUSAL_BEGIN))),
        close: async () => {
          await Promise.all(connections.map((connection) => connection.end()));
          await database.drop();
        },
      };
    },
  };
}

export const targets = [clusterTarget(1), clusterTarget(galeraNodeUrls.length)];
