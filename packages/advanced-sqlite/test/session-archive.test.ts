import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, run, setTracingDisabled, tool } from '@openai/agents';
import { functionCall, ScriptedModel } from '@openai/agents-core/testing';
import {
  AdvancedSQLiteSession,
  hasAdvancedSqliteTables,
  readSessionArchive,
  sessionOfBranch,
  writeSessionArchive,
  type SessionArchive,
} from '@sessions/advanced-sqlite';
import { isSessionError } from '@sessions/core';
import { SQLiteSession } from '@sessions/sqlite';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assistant, reply, user } from './support/fixtures.js';

setTracingDisabled(true);

let dir = '';
const open: { close(): unknown }[] = [];
const file = (name: string) => join(dir, name);
function database(name: string): Database.Database {
  const db = new Database(file(name));
  open.push(db);
  return db;
}
function session(id: string, db: Database.Database): AdvancedSQLiteSession {
  const s = new AdvancedSQLiteSession(id, { database: db });
  open.push(s);
  return s;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sessions-advanced-archive-'));
});
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  rmSync(dir, { recursive: true, force: true });
});

const weather = tool({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `Sunny in ${city}`,
});

/**
 * A conversation on the real runner: a tool call, usage per run, a branch
 * from turn 2 with a run of its own, a fork of that branch, a pop on main
 * (so main continues on a new lane) and metadata. Every timestamp is then
 * moved to 2020, so a restore that forgot one would show.
 */
async function seedTrip(db: Database.Database): Promise<void> {
  const model = new ScriptedModel([
    [functionCall('get_weather', { city: 'Paris' }, { callId: 'c1' })],
    reply('Sunny in Paris.', { input: 120, output: 10 }),
    reply('An umbrella.', { input: 200, output: 12 }),
    reply('The Louvre.', { input: 300, output: 8 }),
    reply('Walking shoes.', { input: 90, output: 6 }),
  ]);
  const agent = new Agent({ name: 'A', model, tools: [weather] });
  const trip = session('trip', db);
  await trip.storeRunUsage(await run(agent, 'Weather in Paris?', { session: trip }), { model: 'gpt-4.1' });
  await trip.storeRunUsage(await run(agent, 'What should I pack?', { session: trip }), { model: 'gpt-4.1' });
  await trip.storeRunUsage(await run(agent, 'Any museums?', { session: trip }), { model: 'gpt-4.1' });
  await trip.createBranchFromTurn(2, 'alt');
  await trip.storeRunUsage(await run(agent, 'What about shoes?', { session: trip }), { model: 'gpt-4.1-mini' });
  await trip.createBranch('alt-fork');
  await trip.addItems([user('And a hat?')]);
  await trip.switchToBranch('main');
  await trip.popItem(); // inherited by nobody but main: main goes on without it
  await trip.addItems([assistant('The Louvre and the Orsay.')]);
  await trip.setMetadata({ user: 'u-1', plan: 'pro', tags: ['paris'] });
  const solo = session('solo', db);
  await solo.addItems([user('Hello'), assistant('Hi!')]);

  db.exec(`UPDATE agent_messages SET created_at = '2020-01-02T03:04:05.' || printf('%03d', id) || 'Z'`);
  db.exec(`UPDATE agent_sessions SET created_at = '2020-01-01T00:00:00.000Z', updated_at = '2020-01-03T00:00:00.000Z'`);
  db.exec(`UPDATE advanced_branches SET created_at = '2020-01-02T00:00:0' || length(branch_id) || '.000Z'`);
  db.exec(`UPDATE advanced_turn_usage SET created_at = '2020-01-02T12:00:00.' || printf('%03d', id) || 'Z'`);
}

/** What the session API reads from a file: every branch's items, origins and usage, and the metadata. */
async function apiView(db: Database.Database, id: string) {
  const s = session(id, db);
  const view: Record<string, unknown> = { metadata: await s.getMetadata(), usage: await s.getSessionUsage(), stats: await s.getUsageStats() };
  for (const branch of await s.listBranches()) {
    await s.switchToBranch(branch.branchId);
    view[branch.branchId] = {
      ...branch,
      isCurrent: undefined,
      items: await s.getItems(),
      turns: await s.getConversationTurns(),
      byTurn: await s.getConversationByTurns(),
      tools: await s.getToolUsage(),
      turnUsage: await s.getTurnUsage(),
    };
  }
  return view;
}

const rowCount = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM agent_messages').get() as { n: number }).n;

describe('readSessionArchive', () => {
  it('reads every branch with its stored text and timestamps, origins, usage rows and metadata', async () => {
    const db = database('source.db');
    await seedTrip(db);
    const archive = readSessionArchive(db, 'trip')!;
    expect(archive).toMatchObject({ sessionId: 'trip', createdAt: '2020-01-01T00:00:00.000Z', updatedAt: '2020-01-03T00:00:00.000Z' });
    expect(archive.metadata).toEqual({ user: 'u-1', plan: 'pro', tags: ['paris'] });
    expect(archive.branches.map((b) => [b.branchId, b.parentBranchId, b.fromTurn])).toEqual([
      ['main', null, null],
      ['alt', 'main', 2],
      ['alt-fork', 'alt', null],
    ]);

    // Each branch's history is what the session API reads on it, as the stored text, with the stored timestamps.
    const raw = new Map((db.prepare('SELECT id, message_data AS data, created_at AS createdAt FROM agent_messages').all() as { id: number; data: string; createdAt: string }[]).map((r) => [r.data + r.createdAt, r]));
    for (const branch of archive.branches) {
      const s = session('trip', db);
      await s.switchToBranch(branch.branchId);
      expect(branch.items.map((item) => JSON.parse(item.data))).toEqual(await s.getItems());
      for (const item of branch.items) expect(raw.has(item.data + item.createdAt)).toBe(true);
      expect(branch.items.every((item) => item.createdAt.startsWith('2020-01-02T03:04:05.'))).toBe(true);
    }
    const main = archive.branches[0]!.items.map((item) => JSON.parse(item.data) as { content?: unknown });
    expect(main).toHaveLength(8);
    expect(archive.branches[2]!.items.at(-1)).toMatchObject({ data: JSON.stringify(user('And a hat?')) });

    expect(archive.usage.map((u) => [u.branchId, u.turn, u.model])).toEqual([
      ['main', 1, 'gpt-4.1'],
      ['main', 2, 'gpt-4.1'],
      ['main', 3, 'gpt-4.1'],
      ['alt', 2, 'gpt-4.1-mini'],
    ]);
    const api = session('trip', db);
    for (const u of archive.usage) {
      expect(await api.getTurnUsage(u.turn, { branchId: u.branchId })).toMatchObject({ runs: 1, requests: u.requests, inputTokens: u.inputTokens, outputTokens: u.outputTokens, totalTokens: u.totalTokens });
    }
    expect(archive.usage.slice(1).map((u) => [u.inputTokens, u.outputTokens])).toEqual([[200, 12], [300, 8], [90, 6]]);
    expect(JSON.parse(archive.usage[0]!.inputTokensDetails)).toEqual({ cached_tokens: 0 });
    expect(archive.usage[0]!.createdAt).toMatch(/^2020-01-02T12:00:00\.\d{3}Z$/);
  });

  it('is undefined for an unknown id and for a branch id; sessionOfBranch names the branch\'s session', async () => {
    const db = database('source.db');
    await seedTrip(db);
    expect(readSessionArchive(db, 'nope')).toBeUndefined();
    expect(readSessionArchive(db, 'alt')).toBeUndefined();
    expect(sessionOfBranch(db, 'alt')).toBe('trip');
    expect(sessionOfBranch(db, 'main')).toBeUndefined();
    expect(sessionOfBranch(db, 'trip')).toBeUndefined();
    expect(readSessionArchive(db, 'solo')).toMatchObject({ metadata: null, usage: [], branches: [{ branchId: 'main', items: [{}, {}] }] });
    expect(isSessionError(errorOf(() => readSessionArchive(db, '')), 'INVALID_ARGUMENT')).toBe(true);
  });

  it('never writes: on a plain @sessions/sqlite file it is a STORAGE_ERROR and the file gains no tables', async () => {
    const path = file('plain.db');
    const plain = new SQLiteSession('s', { path });
    await plain.addItems([user('hi')]);
    await plain.close();
    const db = database('plain.db');
    expect(hasAdvancedSqliteTables(db)).toBe(false);
    let error: unknown;
    try {
      readSessionArchive(db, 's');
    } catch (e) {
      error = e;
    }
    expect(isSessionError(error, 'STORAGE_ERROR')).toBe(true);
    expect(String(error)).toMatch(/no such table/);
    expect(hasAdvancedSqliteTables(db)).toBe(false);
  });
});

describe('writeSessionArchive', () => {
  it('round trip: read, write into a fresh file, read again gives the same archive, sharing rows as the source', async () => {
    const source = database('source.db');
    await seedTrip(source);
    const target = database('target.db');
    expect(hasAdvancedSqliteTables(target)).toBe(false);
    for (const id of ['trip', 'solo']) writeSessionArchive(target, readSessionArchive(source, id)!);
    expect(hasAdvancedSqliteTables(target)).toBe(true);
    for (const id of ['trip', 'solo']) {
      expect(readSessionArchive(target, id)).toEqual(readSessionArchive(source, id));
      expect(await apiView(target, id)).toEqual(await apiView(source, id));
    }
    // Branches share their parent's rows, as in the source: nothing was copied per branch.
    expect(rowCount(target)).toBe(rowCount(source));
    // The written session goes on like any other.
    const trip = session('alt-fork', target);
    await trip.addItems([assistant('A sun hat.')]);
    expect((await trip.getItems()).at(-1)).toEqual(assistant('A sun hat.'));
    expect(await trip.getCurrentTurn()).toBe(3);
  });

  it('refuses an existing session (CONFLICT) unless replace, and an id used as a branch id in the file', async () => {
    const source = database('source.db');
    await seedTrip(source);
    const trip = readSessionArchive(source, 'trip')!;
    const solo = readSessionArchive(source, 'solo')!;
    const target = database('target.db');
    writeSessionArchive(target, solo);
    const conflict = errorOf(() => writeSessionArchive(target, solo));
    expect(isSessionError(conflict, 'CONFLICT')).toBe(true);
    expect(String(conflict)).toMatch(/already exists/);

    const changed: SessionArchive = { ...solo, metadata: { v: 2 }, branches: [{ ...solo.branches[0]!, items: solo.branches[0]!.items.slice(0, 1) }] };
    writeSessionArchive(target, changed, { replace: true });
    expect(readSessionArchive(target, 'solo')).toEqual(changed);
    expect(rowCount(target)).toBe(1);

    writeSessionArchive(target, trip);
    const asBranch = errorOf(() => writeSessionArchive(target, { ...solo, sessionId: 'alt' }));
    expect(isSessionError(asBranch, 'CONFLICT')).toBe(true);
    expect(String(asBranch)).toMatch(/"alt" is a branch of session "trip"/);
    expect(readSessionArchive(target, 'alt')).toBeUndefined();
  });

  it('writes all or nothing: a branch id taken by another session fails the whole session', async () => {
    const source = database('source.db');
    await seedTrip(source);
    const trip = readSessionArchive(source, 'trip')!;
    const target = database('target.db');
    const other = session('other', target);
    await other.addItems([user('q')]);
    await other.createBranch('alt-fork');
    const before = rowCount(target);
    const error = errorOf(() => writeSessionArchive(target, trip));
    expect(isSessionError(error, 'CONFLICT')).toBe(true);
    expect(String(error)).toMatch(/"alt-fork" is already used/);
    expect(readSessionArchive(target, 'trip')).toBeUndefined();
    expect(rowCount(target)).toBe(before);
  });

  it('rolls back with the caller\'s transaction, and what is written afterwards reads correctly', async () => {
    const source = database('source.db');
    await seedTrip(source);
    const trip = readSessionArchive(source, 'trip')!;
    const target = database('target.db');
    const reader = session('other', target);
    await reader.addItems([user('first'), assistant('one')]);
    target.exec('BEGIN IMMEDIATE');
    writeSessionArchive(target, trip);
    expect(readSessionArchive(target, 'trip')).toEqual(trip);
    target.exec('ROLLBACK');
    expect(readSessionArchive(target, 'trip')).toBeUndefined();
    // The rolled-back lane ids are handed out again: nothing cached about them may survive.
    await reader.createBranch('other-fork');
    await reader.addItems([user('second')]);
    expect((await reader.getItems()).map((i) => (i as { content: unknown }).content)).toEqual(['first', [{ type: 'output_text', text: 'one' }], 'second']);
    writeSessionArchive(target, trip);
    expect(readSessionArchive(target, 'trip')).toEqual(trip);
    expect(await apiView(target, 'trip')).toEqual(await apiView(source, 'trip'));
  });

  it('round trip of a compacted session: the transcript, the replay history and a branch from before the compaction come back', async () => {
    const source = database('source.db');
    const main = session('compacted', source);
    await main.addItems([user('q1'), assistant('a1'), user('q2'), assistant('a2')]);
    await main.createBranchFromTurn(2, 'before-compaction');
    await main.addItems([user('q2 again')]);
    await main.switchToBranch('main');
    const compaction = { type: 'compaction' as const, encrypted_content: 'q1 a1 q2 a2' };
    await main.replaceHistoryWithCompaction([compaction, user('q2')]);
    await main.addItems([user('q3'), assistant('a3')]);
    const archive = readSessionArchive(source, 'compacted')!;
    const mainItems = archive.branches.find((b) => b.branchId === 'main')!.items;
    expect(mainItems.map((item) => [JSON.parse(item.data).content ?? 'compaction', item.replayStart ?? false, item.replayOnly ?? false])).toEqual([
      ['q1', false, false],
      [[{ type: 'output_text', text: 'a1' }], false, false],
      ['q2', false, false],
      [[{ type: 'output_text', text: 'a2' }], false, false],
      ['compaction', true, true],
      ['q2', false, true],
      ['q3', false, false],
      [[{ type: 'output_text', text: 'a3' }], false, false],
    ]);

    const target = database('target.db');
    writeSessionArchive(target, archive);
    expect(readSessionArchive(target, 'compacted')).toEqual(archive);
    const restored = session('compacted', target);
    expect(await restored.getItems()).toEqual([compaction, user('q2'), user('q3'), assistant('a3')]);
    expect((await restored.getConversationTurns()).map((t) => [t.turn, t.content])).toEqual([
      [1, 'q1'],
      [2, 'q2'],
      [3, 'q3'],
    ]);
    const branch = session('before-compaction', target);
    expect(await branch.getItems()).toEqual([user('q1'), assistant('a1'), user('q2 again')]);
  });

  it('rejects a malformed archive with INVALID_ARGUMENT naming the field, writing nothing', () => {
    const target = database('target.db');
    const good: SessionArchive = {
      sessionId: 's',
      createdAt: '2020-01-01T00:00:00.000Z',
      updatedAt: '2020-01-01T00:00:00.000Z',
      metadata: null,
      branches: [{ branchId: 'main', parentBranchId: null, fromTurn: null, createdAt: '2020-01-01T00:00:00.000Z', items: [{ data: JSON.stringify(user('q')), createdAt: '2020-01-01T00:00:00.000Z' }] }],
      usage: [],
    };
    const usage = { branchId: 'main', turn: 1, runId: 'r', model: null, requests: 1, inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0, totalTokens: 2, inputTokensDetails: '{}', outputTokensDetails: '{}' };
    const cases: [unknown, RegExp][] = [
      [null, /must be an object/],
      [{ ...good, sessionId: '' }, /sessionId/],
      [{ ...good, createdAt: 5 }, /createdAt and updatedAt/],
      [{ ...good, metadata: [1] }, /metadata/],
      [{ ...good, branches: {} }, /branches must be an array/],
      [{ ...good, branches: [{ ...good.branches[0], items: [{ data: 1 }] }] }, /branches\[0\]\.items\[0\]/],
      [{ ...good, branches: [{ ...good.branches[0], fromTurn: 1.5 }] }, /branches\[0\]\.fromTurn/],
      [{ ...good, branches: [{ ...good.branches[0], items: [{ data: '{}', createdAt: 'yesterday' }] }] }, /branches\[0\]\.items\[0\].*ISO-8601/],
      [{ ...good, owner: '' }, /owner/],
      [{ ...good, usage: [{ ...usage, branchId: 'elsewhere' }] }, /usage\[0\]\.branchId/],
      [{ ...good, usage: [{ ...usage, inputTokens: -1 }] }, /usage\[0\]\.inputTokens/],
      [{ ...good, usage: [{ ...usage, outputTokensDetails: '[1]' }] }, /usage\[0\]\.outputTokensDetails/],
    ];
    for (const [archive, message] of cases) {
      const error = errorOf(() => writeSessionArchive(target, archive as SessionArchive));
      expect(isSessionError(error, 'INVALID_ARGUMENT'), String(error)).toBe(true);
      expect(String(error)).toMatch(message);
    }
    const corrupt = errorOf(() => writeSessionArchive(target, { ...good, branches: [{ ...good.branches[0]!, items: [{ data: 'not json', createdAt: '2020-01-01T00:00:00.000Z' }] }] }));
    expect(isSessionError(corrupt, 'CORRUPT_ITEM')).toBe(true);
    expect(readSessionArchive(target, 's')).toBeUndefined();
    writeSessionArchive(target, { ...good, usage: [usage] });
    expect(readSessionArchive(target, 's')!.usage).toEqual([{ ...usage, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
  });

  it('takes JSON text in any spelling, stores it as addItems does, and shares rows whatever the key order', () => {
    const target = database('target.db');
    const at = '2021-05-06T07:08:09.000Z';
    const spaced = (item: object) => JSON.stringify(item, null, 1);
    const reordered = (item: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(item).reverse()));
    const q1 = user('q1');
    const a1 = assistant('a1');
    const q2 = user('q2');
    writeSessionArchive(target, {
      sessionId: 's',
      createdAt: at,
      updatedAt: at,
      metadata: { source: 'jsonb' },
      branches: [
        { branchId: 'main', parentBranchId: null, fromTurn: null, items: [q1, a1, q2].map((i) => ({ data: spaced(i), createdAt: at })) },
        // The branch repeats main's first turn with keys in another order: those rows are shared, not copied.
        { branchId: 'b', parentBranchId: 'main', fromTurn: 2, items: [q1, a1, user('other q2')].map((i) => ({ data: reordered(i as Record<string, unknown>), createdAt: at })) },
      ],
      usage: [],
    });
    const archive = readSessionArchive(target, 's')!;
    expect(archive.branches[0]!.items.map((i) => i.data)).toEqual([q1, a1, q2].map((i) => JSON.stringify(i)));
    expect(archive.branches[1]!.items.map((i) => JSON.parse(i.data))).toEqual([q1, a1, user('other q2')]);
    expect(archive.branches[1]).toMatchObject({ parentBranchId: 'main', fromTurn: 2 });
    // Left out, a branch's createdAt is the time of writing.
    expect(archive.branches[0]!.createdAt > at).toBe(true);
    expect(rowCount(target)).toBe(4);
  });
});

function errorOf(step: () => unknown): unknown {
  try {
    step();
  } catch (error) {
    return error;
  }
  return undefined;
}
