import { numberedItems, textOf } from '@sessions/conformance';
import { MySQLSession } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { clusterCounters, countersSince, useClusterDatabase } from './cluster.js';
import { turnsInHistory, writeTurns, type WriterLog } from './writers.js';

const WRITERS_PER_NODE = 2;
const TURNS = 50;

await registerWithServer('galera', 'MySQLSession under load on a Galera cluster', () => {
  describe('MySQLSession under load on a three-node Galera cluster', () => {
    const { database: cluster, sessionOn: clientOn } = useClusterDatabase();

    it('6 writers, 2 per node, 50 turns each into one session: no call fails, 1,200 items, whole turns in each writer order', async () => {
      const database = cluster();
      const id = 'load-one-session';
      const writers = Array.from({ length: database.urls.length * WRITERS_PER_NODE }, (_, writer) => clientOn(writer % database.urls.length, id));
      const logs: WriterLog[] = writers.map((_, writer) => ({ writer, stored: [], failed: [] }));
      const before = await clusterCounters(database.urls);
      const started = Date.now();
      await Promise.all(writers.map((session, writer) => writeTurns(session, logs[writer]!, TURNS)));
      const elapsed = Date.now() - started;
      const counters = countersSince(before, await clusterCounters(database.urls));

      const calls = logs.length * TURNS;
      const failures = logs.flatMap((log) => log.failed);
      const history = await clientOn(1, id).getItems();
      console.log(
        `galera load: ${calls} addItems calls by ${logs.length} writers over ${database.urls.length} nodes in ${elapsed} ms; ` +
          `${counters.transactions - calls} retried (${counters.transactions} transactions: ${counters.certificationFailures} certification failures, ` +
          `${counters.bruteForceAborts} brute-force aborts, ${counters.deadlocks} deadlocks); ${failures.length} failed; ${history.length} items stored`,
      );
      expect(failures.map((failure) => String(failure.error))).toEqual([]);
      expect(history).toHaveLength(calls * 4);
      const found = turnsInHistory(history);
      for (const log of logs) expect(found.get(log.writer)).toEqual(log.stored);
      // Every node serves the same history.
      for (const node of [0, 2]) expect(await clientOn(node, id).getItems()).toEqual(history);
      await Promise.all(writers.map((session) => session.close()));
    }, 120_000);

    it('two clients popping one session on different nodes get each item exactly once', async () => {
      const database = cluster();
      const id = 'load-pop-race';
      const items = numberedItems(120, 'pop');
      const a = clientOn(0, id);
      const b = clientOn(1, id);
      await a.addItems(items);
      const popAll = async (session: MySQLSession) => {
        const got: string[] = [];
        for (let item = await session.popItem(); item !== undefined; item = await session.popItem()) got.push(textOf(item)!);
        return got;
      };
      const before = await clusterCounters(database.urls);
      const [fromA, fromB] = await Promise.all([popAll(a), popAll(b)]);
      const counters = countersSince(before, await clusterCounters(database.urls));
      const pops = fromA.length + fromB.length + 2; // and the two that found the session empty
      console.log(
        `galera pops: ${fromA.length} items popped through node 1, ${fromB.length} through node 2, ` +
          `${counters.transactions - pops} pops retried (${counters.certificationFailures} certification failures, ${counters.bruteForceAborts} brute-force aborts)`,
      );
      expect([...fromA, ...fromB].sort()).toEqual(items.map(textOf).sort());
      for (const got of [fromA, fromB]) {
        const numbers = got.map((text) => Number(/pop (\d+)/.exec(text)![1]));
        expect(numbers).toEqual([...numbers].sort((x, y) => y - x));
      }
      expect(await clientOn(2, id).getItems()).toEqual([]);
    }, 60_000);

    it('ordering follows the autoincrement id while the nodes hand out interleaved ids', async () => {
      const database = cluster();
      const nodes = database.urls.map((_, node) => clientOn(node, 'interleaved'));
      const increments = await Promise.all(
        nodes.map(async (session) => (await session.pool.query<RowDataPacket[]>('SELECT @@auto_increment_increment AS inc, @@auto_increment_offset AS off'))[0][0]!),
      );
      expect(increments.map((row) => Number(row.inc))).toEqual([3, 3, 3]);
      expect(new Set(increments.map((row) => Number(row.off))).size).toBe(3);

      // Node 3 writes a run of items first, so the others' own counters are behind when their turn comes.
      const order: number[] = [2, 2, 2, 2, 2, 0, 1, 0, 2, 1, 1, 0, 2, 0, 1, 2, 0, 0, 1, 2];
      const written: string[] = [];
      for (const [i, node] of order.entries()) {
        const text = `item ${i} through node ${node + 1}`;
        await nodes[node]!.addItems([{ type: 'message', role: 'user', content: text }]);
        written.push(text);
      }
      for (const session of nodes) expect((await session.getItems()).map(textOf)).toEqual(written);
      const [rows] = await nodes[0]!.pool.query<RowDataPacket[]>('SELECT id FROM agent_messages WHERE session_id = ? ORDER BY id', ['interleaved']);
      const ids = rows.map((row) => Number(row.id));
      console.log(`galera interleaved ids, in write order: ${ids.join(', ')}`);
      // Ids from all three series (one per node offset), not consecutive, yet in write order.
      expect(new Set(ids.map((id) => id % 3)).size).toBe(3);
      expect(ids.some((id, i) => i > 0 && id - ids[i - 1]! !== 1)).toBe(true);
    });
  });
});
