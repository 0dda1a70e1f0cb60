import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionItem } from '@sessions/core';
import { SQLiteSession } from '@sessions/sqlite';
import mysql from 'mysql2/promise';
import pg from 'pg';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawItems } from './support/raw.js';
import { sessionsOk, startCli } from './support/run-cli.js';
import { availableKinds, freshStore, type Kind, type TestStore } from './support/stores.js';

const SESSIONS = 100;
const ITEMS = 40;
/** Where the copy is stopped: on servers a row lock holds the copy exactly here; on SQLite it is killed after this many. */
const BLOCKED_AT = 60;
const kinds = await availableKinds();

let dir = '';
let source = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sessions-cli-copy-'));
  source = join(dir, 'source.db');
  for (let i = 0; i < SESSIONS; i++) {
    const session = new SQLiteSession(`user-${String(i).padStart(3, '0')}`, { path: source });
    const items: SessionItem[] = [];
    for (let turn = 0; items.length < ITEMS; turn++) {
      items.push(
        { role: 'user', content: `question ${i}.${turn} ✓` },
        { type: 'function_call', callId: `call-${i}-${turn}`, name: 'lookup', arguments: `{"n":${i}}`, status: 'completed' },
        { type: 'function_call_result', callId: `call-${i}-${turn}`, name: 'lookup', status: 'completed', output: { type: 'text', text: `${i}` } },
        { role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: `answer ${i}.${turn}` }] },
      );
    }
    await session.addItems(items);
    await session.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const idOf = (i: number) => `user-${String(i).padStart(3, '0')}`;

/**
 * Holds an uncommitted insert of session `sessionId` on a server, so the
 * copy's own insert of that session waits on the row lock: the copy is then
 * stopped exactly there, whatever the machine's speed, and killed for real.
 */
async function holdSessionRow(kind: 'postgres' | 'mysql', url: string, sessionId: string): Promise<() => Promise<void>> {
  if (kind === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    await client.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO agent_sessions (session_id) VALUES ($1)', [sessionId]);
    return async () => {
      await client.query('ROLLBACK');
      await client.end();
    };
  }
  const connection = await mysql.createConnection({ uri: url });
  connection.on('error', () => {});
  await connection.query('START TRANSACTION');
  await connection.query('INSERT INTO agent_sessions (session_id) VALUES (?)', [sessionId]);
  return async () => {
    await connection.query('ROLLBACK');
    await connection.end();
  };
}

/** Runs `sessions copy` and SIGKILLs it once it has reported `after` sessions copied. */
function copyKilledAfter(args: string[], after: number, beforeKill: () => void = () => {}): Promise<{ reported: number; code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = startCli(args);
    let reported = 0;
    let buffer = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) if (/^copy \d+\/\d+ .*: copied/.test(line)) reported++;
      if (reported >= after && child.exitCode === null && !child.killed) {
        beforeKill();
        child.kill('SIGKILL');
      }
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ reported, code, signal }));
  });
}

describe.each(kinds)('copy from SQLite into %s, killed halfway then resumed', (kind: Kind) => {
  let destination: TestStore;

  beforeAll(async () => {
    destination = await freshStore(kind);
    if (kind !== 'sqlite') await sessionsOk(['migrate', '--url', destination.url]);
  });

  afterAll(async () => destination?.drop());

  /** Runs the copy into the current destination and kills it halfway. */
  async function interruptedCopy() {
    const release = kind === 'sqlite' ? undefined : await holdSessionRow(kind, destination.url, idOf(BLOCKED_AT));
    // On SQLite, once 20 sessions are reported, the test takes the file's write lock: the copy's next
    // commit waits on it, so the kill lands mid-copy even on a slow machine.
    const lock = kind === 'sqlite' ? new Database(destination.url, { timeout: 10_000 }) : undefined;
    try {
      return await copyKilledAfter(['copy', '--from', source, '--to', destination.url], kind === 'sqlite' ? 20 : BLOCKED_AT, () =>
        lock?.exec('BEGIN IMMEDIATE'),
      );
    } finally {
      if (lock?.inTransaction) lock.exec('ROLLBACK');
      lock?.close();
      await release?.();
    }
  }

  it('a rerun copies only what is missing: nothing duplicated, nothing lost', async () => {
    let killed = await interruptedCopy();
    let partial = await rawItems({ kind, url: destination.url });
    // On SQLite nothing holds the copy at a given session: on a starved machine it can finish before the
    // test reacts to the progress lines. Then nothing was interrupted, so start over on an empty file.
    for (let attempt = 2; kind === 'sqlite' && partial.sessions.length === SESSIONS && attempt <= 3; attempt++) {
      await destination.drop();
      destination = await freshStore(kind);
      killed = await interruptedCopy();
      partial = await rawItems({ kind, url: destination.url });
    }
    expect(killed.signal).toBe('SIGKILL');
    const args = ['copy', '--from', source, '--to', destination.url];

    const expected = await rawItems({ kind: 'sqlite', url: source });
    // Interrupted halfway: some sessions are there, not all ...
    if (kind === 'sqlite') {
      expect(partial.sessions.length).toBeGreaterThanOrEqual(20);
      expect(partial.sessions.length).toBeLessThan(SESSIONS);
    } else {
      expect(partial.sessions).toEqual(expected.sessions.slice(0, BLOCKED_AT));
    }
    // ... and each one that is there is whole (one transaction per session).
    for (const id of partial.sessions) expect(partial.dump.get(id)).toEqual(expected.dump.get(id));

    const resumed = JSON.parse((await sessionsOk([...args, '--json'])).stdout);
    expect(resumed.conflicts).toEqual([]);
    expect(resumed.skipped.sort()).toEqual(partial.sessions);
    expect(resumed.written.length + resumed.skipped.length).toBe(SESSIONS);

    const done = await rawItems({ kind, url: destination.url });
    expect(done.sessions).toEqual(expected.sessions);
    for (const id of expected.sessions) expect(done.dump.get(id)).toEqual(expected.dump.get(id));

    // A third run finds everything in place.
    const third = JSON.parse((await sessionsOk([...args, '--json'])).stdout);
    expect(third.written).toEqual([]);
    expect(third.skipped).toHaveLength(SESSIONS);
  });

  it('--session copies just the named sessions, and an unknown one exits 3', async () => {
    const other = await freshStore(kind);
    try {
      if (kind !== 'sqlite') await sessionsOk(['migrate', '--url', other.url]);
      const result = JSON.parse((await sessionsOk(['copy', '--from', source, '--to', other.url, '--session', 'user-007', '-s', 'user-077', '--json'])).stdout);
      expect(result.written).toEqual(['user-007', 'user-077']);
      expect((await rawItems({ kind, url: other.url })).sessions).toEqual(['user-007', 'user-077']);
      const { sessions } = await import('./support/run-cli.js');
      expect((await sessions(['copy', '--from', source, '--to', other.url, '--session', 'nobody'])).code).toBe(3);
    } finally {
      await other.drop();
    }
  });
});

describe.runIf(kinds.includes('postgres') && kinds.includes('mysql'))('copy between servers', () => {
  it('PostgreSQL to MariaDB and back holds the same items', async () => {
    const pg = await freshStore('postgres');
    const my = await freshStore('mysql');
    const back = await freshStore('postgres');
    try {
      for (const store of [pg, my, back]) await sessionsOk(['migrate', '--url', store.url]);
      await sessionsOk(['copy', '--from', source, '--to', pg.url, '-s', 'user-001', '-s', 'user-002']);
      await sessionsOk(['copy', '--from', pg.url, '--to', my.url]);
      await sessionsOk(['copy', '--from', my.url, '--to', back.url]);
      const a = await rawItems({ kind: 'sqlite', url: source });
      for (const store of [my, back]) {
        const b = await rawItems({ kind: store.kind, url: store.url });
        expect(b.sessions).toEqual(['user-001', 'user-002']);
        for (const id of b.sessions) expect(b.dump.get(id)).toEqual(a.dump.get(id));
      }
    } finally {
      await Promise.all([pg.drop(), my.drop(), back.drop()]);
    }
  });
});
