import { Agent, run, setTracingDisabled } from '@openai/agents';
import { ScriptedModel } from '@openai/agents-core/testing';
import type { SessionItem } from '@sessions/core';
import { AdvancedMySQLSession } from '@sessions/mysql';
import { registerWithServer } from '@sessions/test-servers';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, migrateWithBinary, type TestDatabase } from './mysql-server.js';
import { assistant, reply, texts, user } from './support/advanced.js';

setTracingDisabled(true);

const WRITERS = 3;
const BATCHES = 15;

function batch(writer: number, n: number): SessionItem[] {
  return [user(`w${writer} b${n} q`), assistant(`w${writer} b${n} a1`), assistant(`w${writer} b${n} a2`)];
}

/** Statements a pool's single connection has run so far (its session's `Questions` counter). */
async function questions(pool: Pool): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT VARIABLE_VALUE AS n FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'QUESTIONS'`);
  return Number(rows[0]!.n);
}

/** Rows InnoDB handed to the connection's statements so far (index and table reads). */
async function rowsRead(pool: Pool): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT SUM(VARIABLE_VALUE) AS n FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME IN ('HANDLER_READ_FIRST', 'HANDLER_READ_KEY', 'HANDLER_READ_NEXT', 'HANDLER_READ_PREV', 'HANDLER_READ_RND', 'HANDLER_READ_RND_NEXT')`,
  );
  return Number(rows[0]!.n);
}

/** Statements (less the counter read itself) and rows read by `step` on a one-connection pool. */
async function cost(pool: Pool, step: () => Promise<unknown>): Promise<{ statements: number; rows: number }> {
  const q0 = await questions(pool);
  const r0 = await rowsRead(pool);
  await step();
  const q1 = await questions(pool);
  const r1 = await rowsRead(pool);
  // Each counter read is a statement too, and reading SESSION_STATUS reads rows of its own.
  return { statements: q1 - q0 - 2, rows: r1 - r0 };
}

await registerWithServer('mysql', 'AdvancedMySQLSession concurrency and costs', () => {
  describe('AdvancedMySQLSession as a deployment uses it', () => {
    let database: TestDatabase;
    const pools: Pool[] = [];
    const poolOf = (limit = 2) => {
      const pool = createPool({ uri: database.url, connectionLimit: limit });
      pools.push(pool);
      return pool;
    };

    beforeAll(async () => {
      database = await createTestDatabase();
      migrateWithBinary(database.url);
    });
    afterAll(async () => {
      await Promise.allSettled(pools.map((pool) => pool.end()));
      await database?.drop();
    });

    it('writers on separate pools, a brancher and a runner storing usage on one session at once lose nothing; batches stay contiguous', async () => {
      const id = 'busy';
      const writers = Array.from({ length: WRITERS }, () => new AdvancedMySQLSession(id, { pool: poolOf() }));
      const brancher = new AdvancedMySQLSession(id, { pool: poolOf() });
      const runner = new AdvancedMySQLSession(id, { pool: poolOf() });
      const agent = new Agent({ name: 'A', model: new ScriptedModel(Array.from({ length: 5 }, (_, i) => reply(`run ${i}`, { input: 10, output: 1 }))) });

      const branches: { id: string; at: string[] }[] = [];
      const results = await Promise.allSettled([
        ...writers.map(async (session, w) => {
          for (let n = 0; n < BATCHES; n++) await session.addItems(batch(w, n));
        }),
        (async () => {
          for (let i = 0; i < 5; i++) {
            await brancher.switchToBranch('main');
            const branchId = await brancher.createBranch();
            branches.push({ id: branchId, at: texts(await brancher.getItems()) });
          }
        })(),
        (async () => {
          for (let i = 0; i < 5; i++) await runner.storeRunUsage(await run(agent, `runner question ${i}`, { session: runner }));
        })(),
      ]);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);

      const main = texts(await writers[0]!.getItems());
      expect(main).toHaveLength(WRITERS * BATCHES * 3 + 5 * 2);
      for (let w = 0; w < WRITERS; w++) {
        const starts = main.flatMap((text, i) => (text.startsWith(`w${w} b`) && text.endsWith(' q') ? [i] : []));
        expect(starts).toHaveLength(BATCHES);
        // Each batch contiguous, and each writer's batches in the order written.
        starts.forEach((at, n) => expect(main.slice(at, at + 3)).toEqual(texts(batch(w, n))));
      }
      // Each branch holds exactly main's history as it was when the branch was made: a prefix of main.
      for (const branch of branches) {
        const session = new AdvancedMySQLSession(branch.id, { pool: poolOf() });
        const items = texts(await session.getItems());
        expect(items).toEqual(branch.at);
        expect(main.slice(0, items.length)).toEqual(items);
        await session.close();
      }
      expect((await runner.listBranches()).length).toBe(6);
      expect(await runner.getSessionUsage()).toMatchObject({ runs: 5, requests: 5, inputTokens: 50, outputTokens: 5 });
    });

    it('getItems(50) is one statement whatever the number of forks above the branch', async () => {
      const statements: number[] = [];
      for (const forks of [0, 3, 12]) {
        const writer = new AdvancedMySQLSession(`forks-${forks}`, { pool: poolOf() });
        for (let f = 0; f <= forks; f++) {
          await writer.addItems(Array.from({ length: 10 }, (_, i) => user(`fork ${f} item ${i}`)));
          if (f < forks) await writer.createBranch();
        }
        const branchId = await writer.getSessionId();
        const pool = poolOf(1);
        const reader = new AdvancedMySQLSession(branchId, { pool });
        expect(await reader.getItems(50)).toHaveLength(Math.min(50, 10 * (forks + 1)));
        const measured = await cost(pool, () => reader.getItems(50));
        statements.push(measured.statements);
        await Promise.all([reader.close(), writer.close()]);
      }
      expect(statements).toEqual([1, 1, 1]);
    });

    it('creating a branch costs the same statements and row reads at 20 and at 2,000 turns (nothing is copied)', async () => {
      const costs: { statements: number; rows: number }[] = [];
      for (const turns of [20, 2000]) {
        const writer = new AdvancedMySQLSession(`long-${turns}`, { pool: poolOf() });
        const items = Array.from({ length: turns }, (_, i) => [user(`q${i}`), assistant(`a${i}`)]).flat();
        for (let i = 0; i < items.length; i += 500) await writer.addItems(items.slice(i, i + 500));
        const pool = poolOf(1);
        const session = new AdvancedMySQLSession(`long-${turns}`, { pool });
        await session.getCurrentTurn();
        costs.push(await cost(pool, () => session.createBranchFromTurn(turns / 2)));
        await session.switchToBranch('main');
        await Promise.all([session.close(), writer.close()]);
      }
      expect(costs[1]!.statements).toBe(costs[0]!.statements);
      expect(costs[1]!.rows).toBeLessThanOrEqual(costs[0]!.rows + 4);
      const [messages] = await pools[0]!.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM agent_messages WHERE session_id = 'long-2000'`);
      expect(Number(messages[0]!.n)).toBe(4000);
    });
  });
});
