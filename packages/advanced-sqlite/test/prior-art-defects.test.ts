// PRIOR-ART.md section 3 lists defects of the Python AdvancedSQLiteSession.
// Each case below shows we do not have one of them.
import { Agent, run, setTracingDisabled } from '@openai/agents';
import { ScriptedModel } from '@openai/agents-core/testing';
import { isSessionError, type SessionItem } from '@sessions/core';
import { afterEach, describe, expect, it } from 'vitest';
import { reply, useDatabaseFile, user, assistant } from './support/fixtures.js';
import { StatementLog } from './support/statement-log.js';

setTracingDisabled(true);
const db = useDatabaseFile('sessions-advanced-defects-');
let log: StatementLog | undefined;
afterEach(() => {
  log?.close();
  log = undefined;
});

function workloadTurns(count: number, offset = 0): SessionItem[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    return [
      user(`user message ${i}`),
      { type: 'function_call', callId: `c${i}`, name: 'lookup', arguments: `{"q":"${i}"}`, status: 'completed' },
      { type: 'function_call_result', callId: `c${i}`, name: 'lookup', status: 'completed', output: { type: 'text', text: `result ${i}` } },
      assistant(`assistant reply ${i}`),
    ] as SessionItem[];
  }).flat();
}

/** A session of `turns` turns written through a logged connection. */
async function loggedSession(id: string, turns: number) {
  log ??= new StatementLog(db.path());
  const session = db.track(log.session(id));
  const items = workloadTurns(turns);
  for (let i = 0; i < items.length; i += 400) await session.addItems(items.slice(i, i + 400));
  return { session, log };
}

describe('PRIOR-ART section 3 defects we do not ship', () => {
  it('branch creation copies no history: the same statements, and no scans, at 10 and 500 turns', async () => {
    const small = await loggedSession('small', 10);
    const large = await loggedSession('large', 500);
    const countRows = () => (log!.db.prepare('SELECT COUNT(*) AS n FROM agent_messages').get() as { n: number }).n;
    const before = countRows();
    const smallSql = await small.log.record(() => small.session.createBranchFromTurn(5));
    const largeSql = await large.log.record(() => large.session.createBranchFromTurn(250));
    expect(countRows()).toBe(before);
    expect(largeSql.length).toBe(smallSql.length);
    expect(large.log.unboundedSteps(largeSql)).toEqual([]);
  });

  it('getItems(50) on a branch reads by index, never sorting or scanning the branch', async () => {
    const { session, log } = await loggedSession('conv', 500);
    await session.createBranchFromTurn(250);
    await session.addItems(workloadTurns(5, 1000));
    const sql = await log.record(() => session.getItems(50));
    expect(log.unboundedSteps(sql)).toEqual([]);
    expect(sql.filter((s) => /LIMIT \d+/.test(s)).length).toBeGreaterThan(0);
    // The branch's own 20 items, then 30 of the inherited ones: two bounded reads.
    const items = await session.getItems(50);
    expect(items).toHaveLength(50);
    expect(JSON.stringify(items[0])).toContain('result 241');
    expect(JSON.stringify(items[2])).toContain('user message 242');
    expect(JSON.stringify(items[30])).toContain('user message 1000');
  });

  it('content search reads the conversation text, not the JSON, for any script, with % and _ as plain characters', async () => {
    const session = db.open('conv');
    await session.addItems([
      user('Wie ist das Wetter in ZÜRICH?'),
      assistant('Sonnig, 21 °C'),
      user('Σωκράτης και ΟΔΥΣΣΕΑΣ'),
      assistant('ok'),
      user('a 100% discount on snake_case'),
      assistant('noted'),
      user('1000 discount on snakeXcase'),
    ]);
    const turnsFor = async (term: string) => (await session.findTurnsByContent(term)).map((t) => t.turn);
    expect(await turnsFor('zürich')).toEqual([1]);
    expect(await turnsFor('WETTER')).toEqual([1]);
    expect(await turnsFor('σωκράτης')).toEqual([2]);
    expect(await turnsFor('οδυσσεας')).toEqual([2]);
    expect(await turnsFor('sonnig')).toEqual([1]); // assistant text counts as the turn's conversation
    expect(await turnsFor('100%')).toEqual([3]);
    expect(await turnsFor('%')).toEqual([3]);
    expect(await turnsFor('snake_case')).toEqual([3]);
    expect(await turnsFor('_')).toEqual([3]);
    // JSON keys and structure never match.
    expect(await turnsFor('output_text')).toEqual([]);
    expect(await turnsFor('"role"')).toEqual([]);
    expect(await turnsFor('message')).toEqual([]);
  });

  it('a second storeRunUsage in the same turn adds instead of replacing', async () => {
    const model = new ScriptedModel([reply('a', { input: 7, output: 1 }), reply('b', { input: 5, output: 2 })]);
    const agent = new Agent({ name: 'A', model });
    const session = db.open('conv');
    await session.storeRunUsage(await run(agent, 'q', { session }));
    await session.storeRunUsage(await run(agent, [], { session }));
    expect(await session.getTurnUsage(1)).toMatchObject({ runs: 2, inputTokens: 12, outputTokens: 3 });
  });

  it('an empty branch records no phantom turn-0 usage row', async () => {
    const model = new ScriptedModel([reply('a')]);
    const session = db.open('conv');
    const result = await run(new Agent({ name: 'A', model }), 'q', { session });
    await session.createBranchFromTurn(1);
    expect(isSessionError(await session.storeRunUsage(result).catch((e: unknown) => e), 'CONFLICT')).toBe(true);
    expect(await session.getTurnUsage()).toEqual([]);
    expect(await session.getSessionUsage()).toBeNull();
  });

  it('storeRunUsage does bounded work: the same indexed statements at 10 and 500 turns', async () => {
    const model = new ScriptedModel([reply('a'), reply('b')]);
    const agent = new Agent({ name: 'A', model });
    const small = await loggedSession('small', 10);
    const large = await loggedSession('large', 500);
    const r1 = await run(agent, 'q', { session: small.session });
    const r2 = await run(agent, 'q', { session: large.session });
    const smallSql = await small.log.record(() => small.session.storeRunUsage(r1));
    const largeSql = await large.log.record(() => large.session.storeRunUsage(r2));
    expect(largeSql.length).toBe(smallSql.length);
    expect(large.log.unboundedSteps(largeSql)).toEqual([]);
  });

  it('popItem never scans for orphans: the same indexed statements at 10 and 500 turns, on main and on a branch', async () => {
    const small = await loggedSession('small', 10);
    const large = await loggedSession('large', 500);
    const smallSql = await small.log.record(() => small.session.popItem());
    const largeSql = await large.log.record(() => large.session.popItem());
    expect(largeSql.length).toBe(smallSql.length);
    expect(large.log.unboundedSteps(largeSql)).toEqual([]);
    await large.session.createBranchFromTurn(400);
    const branchSql = await large.log.record(async () => {
      await large.session.popItem(); // inherited: the branch stops short of it
      await large.session.popItem();
    });
    expect(large.log.unboundedSteps(branchSql)).toEqual([]);
  });
});
