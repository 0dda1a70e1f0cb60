import { Agent, run, setTracingDisabled } from '@openai/agents';
import { ScriptedModel } from '@openai/agents-core/testing';
import { readBranchTurns, readSessionArchive, sumUsage } from '@sessions/advanced-sqlite';
import { isSessionError } from '@sessions/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { assistant, reply, useDatabaseFile, user } from './support/fixtures.js';

setTracingDisabled(true);
const file = useDatabaseFile('sessions-advanced-inspection-');

function withDb<T>(read: (db: Database.Database) => T): T {
  const db = new Database(file.path(), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const system = { role: 'system', content: 'be brief' } as const;

describe('readBranchTurns', () => {
  it('reads a range of turns of main and of a branch as each reads them, inherited turns included', async () => {
    const session = file.open('conv');
    await session.addItems([system, user('q1'), assistant('a1'), user('q2'), assistant('a2'), user('q3'), assistant('a3')]);
    const branch = await session.createBranchFromTurn(3);
    await session.addItems([user('q3 again'), assistant('a3 again'), user('q4')]);
    await session.close();

    withDb((db) => {
      const archive = readSessionArchive(db, 'conv')!;
      const mainItems = archive.branches.find((b) => b.branchId === 'main')!.items;
      const branchItems = archive.branches.find((b) => b.branchId === branch)!.items;
      const main = readBranchTurns(db, 'conv', 'main', { fromTurn: 0, toTurn: 99 });
      expect(main.map(({ data, createdAt }) => ({ data, createdAt }))).toEqual(mainItems);
      expect(main.map((row) => row.turn)).toEqual([0, 1, 1, 2, 2, 3, 3]);
      expect(readBranchTurns(db, 'conv', 'main', { fromTurn: 2, toTurn: 2 }).map((row) => JSON.parse(row.data).content)).toEqual([
        'q2',
        [{ type: 'output_text', text: 'a2' }],
      ]);
      const forked = readBranchTurns(db, 'conv', branch, { fromTurn: 2, toTurn: 4 });
      expect(forked.map((row) => row.turn)).toEqual([2, 2, 3, 3, 4]);
      expect(forked.map(({ data, createdAt }) => ({ data, createdAt }))).toEqual(branchItems.slice(3));
      expect(readBranchTurns(db, 'conv', branch, { fromTurn: 5, toTurn: 9 })).toEqual([]);
    });
  });

  it('reads main of an empty session as empty, and refuses unknown branches and bad ranges', async () => {
    await file.open('warm-up').getItems();
    withDb((db) => {
      expect(readBranchTurns(db, 'nobody', 'main', { fromTurn: 0, toTurn: 5 })).toEqual([]);
      expect(() => readBranchTurns(db, 'nobody', 'alt', { fromTurn: 0, toTurn: 5 })).toThrow(/branch "alt" does not exist/);
      try {
        readBranchTurns(db, 'nobody', 'main', { fromTurn: -1, toTurn: 5 });
        expect.unreachable();
      } catch (error) {
        expect(isSessionError(error, 'INVALID_ARGUMENT')).toBe(true);
      }
    });
  });
});

describe('sumUsage', () => {
  it('sums usage per group, matching the session API', async () => {
    const model = new ScriptedModel([
      reply('a', { input: 100, cached: 40, output: 10, reasoning: 4, model: 'gpt-4.1' }),
      reply('b', { input: 200, output: 30, model: 'mystery-model' }),
      reply('c', { input: 50, output: 5, model: 'gpt-4.1' }),
    ]);
    const agent = new Agent({ name: 'A', model });
    const session = file.open('conv');
    await session.storeRunUsage(await run(agent, 'one', { session }));
    await session.storeRunUsage(await run(agent, 'two', { session }));
    await session.createBranchFromTurn(2);
    await session.storeRunUsage(await run(agent, 'two, again', { session }));
    const other = file.open('other');
    await other.addItems([user('hello')]);

    withDb((db) => {
      expect(sumUsage(db, { by: [] })).toEqual([
        { runs: 3, requests: 3, inputTokens: 350, cachedInputTokens: 40, outputTokens: 45, reasoningTokens: 4, totalTokens: 395 },
      ]);
      expect(sumUsage(db, { by: ['sessionId'], sessionId: 'other' })).toEqual([]);
      const perTurn = sumUsage(db, { by: ['branchId', 'turn', 'model'], sessionId: 'conv', branchId: 'main' });
      expect(perTurn.map(({ branchId, turn, model: m, inputTokens }) => ({ branchId, turn, model: m, inputTokens }))).toEqual([
        { branchId: 'main', turn: 1, model: 'gpt-4.1', inputTokens: 100 },
        { branchId: 'main', turn: 2, model: 'mystery-model', inputTokens: 200 },
      ]);
      expect(sumUsage(db, { by: ['turn'], sessionId: 'conv', fromTurn: 2, toTurn: 2 })).toMatchObject([{ turn: 2, runs: 2, inputTokens: 250 }]);
      const runs = sumUsage(db, { by: ['runId'], sessionId: 'conv' });
      expect(runs).toHaveLength(3);
      expect(new Set(runs.map((row) => row.runId)).size).toBe(3);
      expect(() => sumUsage(db, { by: ['session_id' as never] })).toThrow(/by must list fields/);
    });
    const { totalTurns, ...stats } = (await session.getSessionUsage())!;
    expect(totalTurns).toBe(3);
    withDb((db) => expect(sumUsage(db, { by: [], sessionId: 'conv' })).toEqual([stats]));
  });
});
