import { registerWithServer } from '@sessions/test-servers';
import { afterAll, describe, expect, it } from 'vitest';
import { killNode, startMissingNodes, useClusterDatabase } from './cluster.js';
import { connectionLost, turnsInHistory, writeTurns, type WriterLog } from './writers.js';

const TURNS = 50;
/** The node killed: not the first, through which the test databases are created and dropped. */
const VICTIM = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await registerWithServer('galera', 'MySQLSession when a Galera node is killed', () => {
  describe('MySQLSession when a node of a three-node Galera cluster is killed', () => {
    const { database: cluster, sessionOn } = useClusterDatabase();
    // Whatever happened, leave the cluster whole for the next suite (runs before the database is dropped).
    afterAll(() => startMissingNodes(), 120_000);

    it('calls on the killed node fail with CONNECTION_LOST, the others go on, nothing committed is lost, and the node rejoins with the full history', async () => {
      const database = cluster();
      const id = 'node-kill';
      const nodeOf = (writer: number) => writer % database.urls.length;
      const writers = Array.from({ length: database.urls.length * 2 }, (_, writer) => sessionOn(nodeOf(writer), id));
      const logs: WriterLog[] = writers.map((_, writer) => ({ writer, stored: [], failed: [] }));
      const onVictim = logs.filter((log) => nodeOf(log.writer) === VICTIM);
      const survivors = logs.filter((log) => nodeOf(log.writer) !== VICTIM);
      const stored = () => logs.reduce((sum, log) => sum + log.stored.length, 0);

      // Writers on the victim stop at their first failure, as an app server whose node is gone would.
      const load = writers.map((session, writer) => writeTurns(session, logs[writer]!, TURNS, 0, nodeOf(writer) === VICTIM));
      while (stored() < 60) await sleep(10);
      const storedAtKill = stored();
      const killedAt = Date.now();
      const pid = await killNode(database.urls[VICTIM]!);
      await Promise.all(load);
      const loadMs = Date.now() - killedAt;

      const restartedAt = Date.now();
      await startMissingNodes();
      const rejoinMs = Date.now() - restartedAt;
      // The victim's writers carry on through the restarted node, after the turn whose outcome they could not know.
      for (const log of onVictim) {
        const next = log.failed[0]!.turn + 1;
        await writeTurns(writers[log.writer]!, log, TURNS - next, next);
      }

      const failures = logs.flatMap((log) => log.failed.map((failure) => ({ writer: log.writer, ...failure })));
      const history = await sessionOn(VICTIM, id).getItems();
      const found = turnsInHistory(history);
      // A call that failed with CONNECTION_LOST may or may not have been committed.
      const landed = failures.filter((failure) => found.get(failure.writer)?.includes(failure.turn));
      const driverCodes = failures.map((failure) => String((failure.error as { cause?: { code?: unknown } }).cause?.code));
      console.log(
        `galera node kill: node ${VICTIM + 1} (pid ${pid}) killed after ${storedAtKill} stored calls; ` +
          `${failures.length} calls failed, all through it (${driverCodes.join(', ')}), ${landed.length} of them had been committed;` +
          ` the ${survivors.length * TURNS} calls through the other nodes all succeeded, ` +
          `finishing ${loadMs} ms after the kill; the node rejoined in ${rejoinMs} ms and serves ${history.length} items`,
      );

      // Calls in flight on the killed node failed, typed; nothing else did.
      expect(failures.map((failure) => connectionLost(failure.error))).toEqual(failures.map(() => true));
      expect(failures.map((failure) => nodeOf(failure.writer))).toEqual(failures.map(() => VICTIM));
      for (const log of onVictim) expect(log.failed).toHaveLength(1);
      for (const log of survivors) expect(log.stored).toHaveLength(TURNS);

      // Nothing committed is lost, nothing is doubled: every stored turn once, a failed one at most once.
      for (const log of logs) {
        const unknown = landed.filter((failure) => failure.writer === log.writer).map((failure) => failure.turn);
        expect(found.get(log.writer)).toEqual([...log.stored, ...unknown].sort((a, b) => a - b));
      }
      expect(history).toHaveLength((stored() + landed.length) * 4);
      for (const node of [0, 1]) expect(await sessionOn(node, id).getItems()).toEqual(history);
      await Promise.all(writers.map((session) => session.close()));
    }, 120_000);
  });
});
