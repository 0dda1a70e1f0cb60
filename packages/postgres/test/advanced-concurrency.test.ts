import { assistantMessage, textOf, userMessage } from '@sessions/conformance';
import { MAIN_BRANCH } from '@sessions/core';
import { AdvancedPostgresSession } from '@sessions/postgres';
import { requireServer } from '@sessions/test-servers';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedDatabase, testPool, type TestDatabase } from './database.js';
import { StatementLog } from './support/statement-log.js';

const serverAvailable = await requireServer('postgres', 'AdvancedPostgresSession under concurrency');

const WRITERS = 4;
const TURNS = 25;
const PER_TURN = 4;

/** What `storeRunUsage` reads of a run result: its usage (a fresh state per run). */
const runResult = (tokens: number) => ({ state: { usage: { requests: 1, inputTokens: tokens, outputTokens: 1, totalTokens: tokens + 1 } } });

/** A writer's turn: a user message opening it and three more items, all tagged `w<writer> t<turn>`. */
const turnOf = (writer: number, turn: number) => [
  userMessage(`w${writer} t${turn} 0`),
  ...Array.from({ length: PER_TURN - 1 }, (_, i) => assistantMessage(`w${writer} t${turn} ${i + 1}`)),
];

/** Checks that `texts` is made of whole batches, each writer's batches in its own order. */
function expectContiguousBatches(texts: string[]): void {
  expect(texts.length % PER_TURN).toBe(0);
  const next = new Map<number, number>();
  for (let i = 0; i < texts.length; i += PER_TURN) {
    const [, writer, turn] = /^w(\d+) t(\d+) 0$/.exec(texts[i]!) ?? [];
    expect(writer, `item ${i} opens a batch`).toBeDefined();
    expect(texts.slice(i, i + PER_TURN)).toEqual(Array.from({ length: PER_TURN }, (_, k) => `w${writer} t${turn} ${k}`));
    expect(Number(turn)).toBe(next.get(Number(writer)) ?? 0);
    next.set(Number(writer), Number(turn) + 1);
  }
}

const textsOf = (items: unknown[]) => items.map((item) => textOf(item as never) ?? '?');

/**
 * Several app servers (a pool each) writing one session, branching it and
 * storing usage at once: nothing is lost, every batch stays whole and in its
 * writer's order, turn numbers follow the stored order.
 */
async function deploymentLoad(pools: pg.Pool[], id: string): Promise<{ branches: string[]; usageCalls: number }> {
  const writers = Array.from({ length: WRITERS }, (_, w) => new AdvancedPostgresSession(id, { pool: pools[w % pools.length]! }));
  const brancher = new AdvancedPostgresSession(id, { pool: pools[pools.length - 1]! });
  const accountant = new AdvancedPostgresSession(id, { pool: pools[0]! });
  await writers[0]!.addItems(turnOf(0, 0));
  let writing = WRITERS;
  const branches: string[] = [];
  let usageCalls = 0;
  await Promise.all([
    ...writers.map(async (session, w) => {
      for (let t = w === 0 ? 1 : 0; t < TURNS; t++) await session.addItems(turnOf(w, t));
      writing--;
    }),
    (async () => {
      while (writing > 0) {
        await brancher.switchToBranch(MAIN_BRANCH);
        branches.push(await brancher.createBranch());
      }
    })(),
    (async () => {
      while (writing > 0) {
        await accountant.storeRunUsage(runResult(10));
        usageCalls++;
      }
    })(),
  ]);
  await Promise.all([...writers, brancher, accountant].map((s) => s.close()));
  return { branches, usageCalls };
}

describe.runIf(serverAvailable)('AdvancedPostgresSession under concurrency (separate pools, like separate app servers)', () => {
  let database: TestDatabase;
  const pools: pg.Pool[] = [];
  const logs: StatementLog[] = [];

  beforeAll(async () => {
    database = await createMigratedDatabase('adv_concurrency');
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await Promise.all(logs.map((l) => l.end()));
    await database?.drop();
  });

  async function checkSession(id: string, pool: pg.Pool, load: { branches: string[]; usageCalls: number }): Promise<void> {
    const reader = new AdvancedPostgresSession(id, { pool });
    const main = textsOf(await reader.getItems());
    expect(main).toHaveLength(WRITERS * TURNS * PER_TURN);
    expectContiguousBatches(main);
    const turns = await reader.getConversationTurns();
    expect(turns.map((t) => t.turn)).toEqual(Array.from({ length: WRITERS * TURNS }, (_, i) => i + 1));
    expect(turns.map((t) => t.content)).toEqual(main.filter((t) => / 0$/.test(t)));
    // Every branch is a whole-batch prefix of main, as main was when it was made.
    expect(load.branches.length).toBeGreaterThan(0);
    for (const branchId of load.branches) {
      await reader.switchToBranch(branchId);
      const items = textsOf(await reader.getItems());
      expectContiguousBatches(items);
      expect(main.slice(0, items.length)).toEqual(items);
    }
    expect((await reader.getSessionUsage())?.runs).toBe(load.usageCalls);
    await reader.close();
  }

  it('4 writers, a brancher and a usage recorder on 3 pools lose nothing and keep each batch whole', async () => {
    const three = Array.from({ length: 3 }, () => testPool(database.url, { max: 4 }));
    pools.push(...three);
    await Promise.all(three.map((p) => p.query('SELECT 1')));
    const id = `load-${Date.now()}`;
    const load = await deploymentLoad(three, id);
    await checkSession(id, three[0]!, load);
  });

  it('on a server whose default isolation is SERIALIZABLE, the same load loses nothing and no call fails', async () => {
    const serializable = Array.from({ length: 3 }, () => testPool(database.url, { max: 4, options: '-c default_transaction_isolation=serializable' }));
    pools.push(...serializable);
    const id = `serializable-${Date.now()}`;
    const load = await deploymentLoad(serializable, id);
    await checkSession(id, serializable[0]!, load);
  });

  it('a write chosen as a deadlock victim is run again whole: stored once, and the call succeeds', async () => {
    const log = new StatementLog(database.url);
    logs.push(log);
    const id = `deadlock-${Date.now()}`;
    const session = new AdvancedPostgresSession(id, { pool: log.pool });
    await session.addItems([userMessage('first')]);
    // Another client locks the session's lane, so the append (which holds the session row) waits on it;
    // then that client asks for the session row: a real deadlock, which PostgreSQL breaks by failing the append.
    const other = testPool(database.url);
    pools.push(other);
    const client = await other.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM advanced_lanes WHERE session_id = $1 FOR UPDATE', [id]);
      const statements = log.record(() => session.addItems([userMessage('second'), assistantMessage('reply')]));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await client.query('SET deadlock_timeout = 5000');
      const blocked = client.query('SELECT 1 FROM agent_sessions WHERE session_id = $1 FOR UPDATE', [id]);
      await blocked;
      await client.query('ROLLBACK');
      const sent = await statements;
      expect(sent.filter((s) => s.text === 'ROLLBACK')).toHaveLength(1);
    } finally {
      client.release();
    }
    expect(textsOf(await session.getItems())).toEqual(['first', 'second', 'reply']);
    expect((await session.getConversationTurns()).map((t) => t.turn)).toEqual([1, 2]);
    await session.close();
  });
});
