import { Agent, run, setTracingDisabled } from '@openai/agents';
import { ScriptedModel } from '@openai/agents-core/testing';
import type { SessionItem } from '@sessions/core';
import { reply, texts } from '@sessions/conformance';
import { AdvancedMySQLSession } from '@sessions/mysql';
import { registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterCounters, countersSince, createClusterDatabase, poolOn } from './cluster.js';
import { turnsInHistory, writeTurns, type WriterLog } from './writers.js';

setTracingDisabled(true);

const WRITERS = 6;
const TURNS = 30;
const BRANCHES = 10;
const RUNS = 10;
const RUN_TOKENS = { input: 10, output: 3 };

const RUNNER_QUESTION = /^runner question (\d+)$/;

/**
 * Splits main's history into the writers' turns and the runner's runs, checking
 * that each run's two items sit side by side; the writers' turns are then
 * checked whole by `turnsInHistory` (a run inside a turn breaks that turn).
 * Returns the writers' items and the runs found, in history order.
 */
function splitRuns(history: SessionItem[]): { writerItems: SessionItem[]; runs: number[] } {
  const writerItems: SessionItem[] = [];
  const runs: number[] = [];
  const text = texts(history);
  for (let i = 0; i < history.length; ) {
    const question = RUNNER_QUESTION.exec(text[i]!);
    if (question) {
      expect(text.slice(i, i + 2)).toEqual([`runner question ${question[1]}`, `run ${question[1]}`]);
      runs.push(Number(question[1]));
      i += 2;
    } else {
      writerItems.push(...history.slice(i, i + 4));
      i += 4;
    }
  }
  return { writerItems, runs };
}

await registerWithServer('galera', 'AdvancedMySQLSession under load on a Galera cluster', () => {
  describe('AdvancedMySQLSession under load on a three-node Galera cluster', () => {
    let database: ThrowawayDatabase;
    const pools: Pool[] = [];
    /** A session object on a pool of its own on one node: one app server. */
    const clientOn = (node: number, id: string) => {
      const pool = poolOn(database.urls[node % database.urls.length]!);
      pools.push(pool);
      return new AdvancedMySQLSession(id, { pool });
    };

    beforeAll(async () => {
      database = await createClusterDatabase();
    });
    afterAll(async () => {
      await Promise.allSettled(pools.map((pool) => pool.end()));
      await database?.drop();
    });

    it(`${WRITERS} writers on three nodes append ${TURNS} turns each to one session while branches are made and run usage stored: nothing lost, no call fails`, async () => {
      const id = 'advanced-load';
      const writers = Array.from({ length: WRITERS }, (_, writer) => clientOn(writer, id));
      const logs: WriterLog[] = writers.map((_, writer) => ({ writer, stored: [], failed: [] }));
      const brancher = clientOn(0, id);
      const runner = clientOn(1, id);
      const agent = new Agent({ name: 'A', model: new ScriptedModel(Array.from({ length: RUNS }, (_, i) => reply(`run ${i}`, RUN_TOKENS))) });
      const branches: { id: string; items: string[] }[] = [];
      const otherFailures: unknown[] = [];

      const before = await clusterCounters(database.urls);
      const started = Date.now();
      await Promise.all([
        ...writers.map((session, writer) => writeTurns(session, logs[writer]!, TURNS)),
        (async () => {
          for (let i = 0; i < BRANCHES; i++) {
            try {
              await brancher.switchToBranch('main');
              const branchId = await brancher.createBranch();
              branches.push({ id: branchId, items: texts(await brancher.getItems()) });
            } catch (error) {
              otherFailures.push(error);
            }
          }
        })(),
        (async () => {
          for (let i = 0; i < RUNS; i++) {
            try {
              await runner.storeRunUsage(await run(agent, `runner question ${i}`, { session: runner }));
            } catch (error) {
              otherFailures.push(error);
            }
          }
        })(),
      ]);
      const elapsed = Date.now() - started;
      const counters = countersSince(before, await clusterCounters(database.urls));

      const failures = [...logs.flatMap((log) => log.failed.map((failure) => failure.error)), ...otherFailures];
      const reader = clientOn(2, id);
      const history = await reader.getItems();
      const calls = WRITERS * TURNS + BRANCHES + RUNS;
      console.log(
        `galera advanced load: ${WRITERS} writers x ${TURNS} turns over ${database.urls.length} nodes, ${BRANCHES} branches and ${RUNS} runs with usage ` +
          `(${calls} write calls) in ${elapsed} ms; ${counters.certificationFailures + counters.bruteForceAborts + counters.deadlocks} attempts rolled back and run again ` +
          `(${counters.certificationFailures} certification failures, ${counters.bruteForceAborts} brute-force aborts, ${counters.deadlocks} deadlocks); ` +
          `${failures.length} failed; ${history.length} items on main`,
      );
      expect(failures.map(String)).toEqual([]);

      // Nothing lost: every turn and every run once, each batch whole, each writer's turns in the order written.
      expect(history).toHaveLength(WRITERS * TURNS * 4 + RUNS * 2);
      const { writerItems, runs } = splitRuns(history);
      expect(runs).toEqual(Array.from({ length: RUNS }, (_, i) => i));
      const found = turnsInHistory(writerItems);
      for (const log of logs) expect(found.get(log.writer)).toEqual(log.stored);

      // Turn numbers: one per user message, 1.. in history order, the same through every node.
      const turns = await reader.getConversationTurns();
      const openers = history.filter((item) => (item as { role?: unknown }).role === 'user');
      expect(turns.map((turn) => turn.turn)).toEqual(openers.map((_, i) => i + 1));
      expect(turns.map((turn) => turn.fullContent)).toEqual(texts(openers));
      for (const node of [0, 1]) expect(await clientOn(node, id).getConversationTurns()).toEqual(turns);

      // Each branch holds main as it was when it was made: a prefix of main, of whole batches.
      expect(branches).toHaveLength(BRANCHES);
      const main = texts(history);
      for (const branch of branches) {
        expect(main.slice(0, branch.items.length)).toEqual(branch.items);
        expect(texts(await clientOn(branches.indexOf(branch), branch.id).getItems())).toEqual(branch.items);
      }
      expect(await reader.listBranches()).toHaveLength(BRANCHES + 1);

      // Usage: the totals are the sum of what was stored, each run's against a turn of main.
      const usage = (await reader.getSessionUsage())!;
      expect(usage).toMatchObject({ runs: RUNS, requests: RUNS, inputTokens: RUNS * RUN_TOKENS.input, outputTokens: RUNS * RUN_TOKENS.output });
      const [stored] = await reader.pool.query<RowDataPacket[]>(
        'SET STATEMENT wsrep_sync_wait = 1 FOR SELECT COUNT(*) AS n, SUM(input_tokens) AS input, SUM(output_tokens) AS output, MIN(turn) AS first, MAX(turn) AS last FROM advanced_turn_usage WHERE session_id = ?',
        [id],
      );
      expect({ n: Number(stored[0]!.n), input: Number(stored[0]!.input), output: Number(stored[0]!.output) }).toEqual({
        n: RUNS,
        input: usage.inputTokens,
        output: usage.outputTokens,
      });
      expect(Number(stored[0]!.first)).toBeGreaterThanOrEqual(1);
      expect(Number(stored[0]!.last)).toBeLessThanOrEqual(turns.length);
      const perTurn = await reader.getTurnUsage();
      expect(perTurn.reduce((sum, turn) => sum + turn.inputTokens, 0)).toBe(usage.inputTokens);
    }, 90_000);
  });
});
