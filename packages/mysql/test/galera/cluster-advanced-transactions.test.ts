import { userMessage, textOf } from '@sessions/conformance';
import { AdvancedMySQLSession, MySQLAdvancedDriver } from '@sessions/mysql';
import { registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';
import type { Pool, PoolConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { causalConnection, createClusterDatabase, poolOn } from './cluster.js';

/** A usage row of its own for each writer: the two writers change no row in common but the session's. */
const usageOf = (sessionId: string, runId: string) => ({
  sessionId,
  branchId: 'main',
  turn: 1,
  runId,
  model: null,
  requests: 1,
  inputTokens: 1,
  cachedInputTokens: 0,
  outputTokens: 1,
  reasoningTokens: 0,
  totalTokens: 2,
  inputTokensDetails: '{}',
  outputTokensDetails: '{}',
  createdAt: null,
});

/** The error a COMMIT ends with, or `undefined` when it commits. */
async function commitOutcome(connection: PoolConnection): Promise<{ errno?: unknown } | undefined> {
  try {
    await connection.query('COMMIT');
    return undefined;
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => {});
    return error as { errno?: unknown };
  }
}

await registerWithServer('galera', 'AdvancedMySQLSession transactions on a Galera cluster', () => {
  describe('AdvancedMySQLSession across the nodes of a Galera cluster', () => {
    let database: ThrowawayDatabase;
    let node1: Pool;
    let node2: Pool;

    beforeAll(async () => {
      database = await createClusterDatabase();
      node1 = poolOn(database.urls[0]!);
      node2 = poolOn(database.urls[1]!);
    });
    afterAll(async () => {
      await Promise.allSettled([node1?.end(), node2?.end()]);
      await database?.drop();
    });

    it('a session locked on two nodes at once: the cluster refuses one of the two COMMITs', async () => {
      const id = 'lock-race';
      const setup = new AdvancedMySQLSession(id, { pool: node1 });
      await setup.addItems([userMessage('turn 1')]);
      await setup.close();
      for (let round = 0; round < 3; round++) {
        const [a, b] = await Promise.all([node1.getConnection(), node2.getConnection()]);
        try {
          for (const [connection, writer] of [[a, 'a'], [b, 'b']] as const) {
            await connection.query('SET SESSION wsrep_sync_wait = 1');
            await connection.query('START TRANSACTION');
            const driver = new MySQLAdvancedDriver(connection, true, true);
            await driver.lockSession(id);
            await driver.insertUsage(usageOf(id, `round ${round} ${writer}`));
          }
          // Both hold the lock on their own node; only writes reach the other node's certification.
          const outcomes = await Promise.all([commitOutcome(a), commitOutcome(b)]);
          expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(1);
          expect(outcomes.find((outcome) => outcome !== undefined)?.errno).toBe(1213);
        } finally {
          a.release();
          b.release();
        }
      }
      const reader = new AdvancedMySQLSession(id, { pool: node2 });
      expect((await reader.getSessionUsage())?.runs).toBe(3);
      await reader.close();
    });

    it('reads on one node wait for a write committed through another node before they answer', async () => {
      const id = 'causal-reads';
      const writer = new AdvancedMySQLSession(id, { pool: node1 });
      const reader = new AdvancedMySQLSession(id, { pool: poolOn(database.urls[1]!, 4) });
      const holder = await causalConnection(database.urls[1]!);
      try {
        await writer.addItems([userMessage('first, through node 1')]);
        // Ready, and the branch's lane known, before node 2 stops applying.
        expect((await reader.getItems(10)).map(textOf)).toEqual(['first, through node 1']);
        // A global read lock on node 2 holds back what it applies from the others; node 1 still commits.
        await holder.query('FLUSH TABLES WITH READ LOCK');
        await writer.addItems([userMessage('second, through node 1')]);
        let answered = 0;
        const counted = <T>(read: Promise<T>) => read.finally(() => answered++);
        const reads = Promise.all([counted(reader.getItems(10)), counted(reader.getItems()), counted(reader.getCurrentTurn()), counted(reader.listSessions())]);
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(answered).toBe(0);
        await holder.query('UNLOCK TABLES');
        const [latest, all, turn, sessions] = await reads;
        expect(latest.map(textOf)).toEqual(['first, through node 1', 'second, through node 1']);
        expect(all).toEqual(latest);
        expect(turn).toBe(2);
        expect(sessions.find((session) => session.sessionId === id)?.itemCount).toBe(2);
      } finally {
        await holder.end();
        await Promise.all([writer.close(), reader.close()]);
        await reader.pool.end();
      }
    });
  });
});
