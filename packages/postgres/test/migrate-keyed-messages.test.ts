import { MIGRATIONS_TABLE, parseStoredItem, type SessionItem } from '@sessions/core';
import { assistantMessage, functionCallItem, functionResultItem, numberedItems, textOf, userMessage } from '@sessions/conformance';
import { applyPostgresMigrations, listSessions, migrate, POSTGRES_STORE, PostgresSession, REFERENCE_TABLES, shippedMigrations } from '@sessions/postgres';
import { requireServer } from '@sessions/test-servers';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, testPool, type TestDatabase } from './database.js';
import { distributionKeyViolations } from './distribution-key.js';

const serverAvailable = await requireServer('postgres', 'the @sessions/postgres migration to session-keyed messages');

/** The migrations of the first release: its schema keyed agent_messages by id alone. */
const RELEASED = ['0000_initial'];
const KEYED = ['0001_drop_message_id_key', '0002_session_keyed_messages'];

// The first release's statements, as it sent them (its append is the one still used).
const RELEASE_APPEND = `WITH session AS (
    INSERT INTO agent_sessions (session_id) VALUES ($1)
    ON CONFLICT (session_id) DO UPDATE SET updated_at = now() RETURNING session_id)
  INSERT INTO agent_messages (session_id, message_data)
  SELECT session.session_id, batch.data FROM session, unnest($2::text[]) WITH ORDINALITY AS batch(data, n) ORDER BY batch.n`;
const RELEASE_POP = `DELETE FROM agent_messages WHERE id = (
    SELECT id FROM agent_messages WHERE session_id = $1 ORDER BY id DESC LIMIT 1 FOR UPDATE) RETURNING id`;

const LONG_ID = `long-${'x'.repeat(250)}`;
const ODD_ID = `naïve "quoted" 'id' — 会话 🧵 \\ end`;

/** JSON text as users' items reach the table, including text JSON.stringify would never write. */
const oddRows = [
  JSON.stringify(userMessage('nul \u0000 inside, tab \t, newline \n, line separator \u2028, bell \u0007')),
  JSON.stringify(userMessage('emoji 🧵👩‍👩‍👧, combining é, right-to-left שלום, lone surrogate \udc00')),
  JSON.stringify(functionCallItem('call-1', 'lookup', '{"q":"\'); DROP TABLE agent_messages; --","n":1e308}')),
  JSON.stringify(functionResultItem('call-1', 'lookup', 'x'.repeat(200_000))),
  '{ "type":"message",  "role":"assistant", "z": [1, 2.50, -0, 1E+2], "a": {"nested": [[[[{}]]]]}, "content": [] }',
  JSON.stringify({ type: 'reasoning', id: 'rs_1', summary: [], 'key with spaces': null, '': 'empty key', 'ключ': true }),
];

interface Snapshot {
  sessions: { session_id: string; created_at: string; updated_at: string }[];
  messages: { id: string; session_id: string; message_data: string; created_at: string }[];
}

/** Every row of both tables as text, so ids, bytes and microseconds compare exactly. */
async function snapshot(pool: pg.Pool): Promise<Snapshot> {
  const sessions = await pool.query<Snapshot['sessions'][number]>(
    'SELECT session_id, created_at::text AS created_at, updated_at::text AS updated_at FROM agent_sessions ORDER BY session_id',
  );
  const messages = await pool.query<Snapshot['messages'][number]>(
    'SELECT m.id::text AS id, m.session_id, m.message_data, m.created_at::text AS created_at FROM agent_messages m ORDER BY m.id',
  );
  return { sessions: sessions.rows, messages: messages.rows };
}

describe.runIf(serverAvailable)('migrating a database of the first release to session-keyed messages', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let before: Snapshot;
  let applied: string[];

  const append = (sessionId: string, items: (SessionItem | string)[]) =>
    pool.query(RELEASE_APPEND, [sessionId, items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))]);

  beforeAll(async () => {
    database = await createDatabase('keyed_messages');
    pool = testPool(database.url);
    await applyPostgresMigrations(pool, POSTGRES_STORE, shippedMigrations().filter((m) => RELEASED.includes(m.tag)));

    // Sessions written in turns, so their ids interleave as they do in a busy table.
    for (let turn = 0; turn < 10; turn++) {
      await append('alpha', [userMessage(`alpha ask ${turn}`), assistantMessage(`alpha answer ${turn}`)]);
      await append('beta', numberedItems(3, `beta ${turn}`));
      if (turn % 3 === 0) await append(ODD_ID, [userMessage(`odd ${turn}`)]);
    }
    await append('odd-json', oddRows);
    await append(LONG_ID, numberedItems(4, 'long'));
    await append('emptied', numberedItems(2, 'emptied'));
    await append('cleared', numberedItems(5, 'cleared'));
    // Gaps in the ids: pops from the middle of the history and a whole cleared session.
    for (let i = 0; i < 3; i++) await pool.query(RELEASE_POP, ['beta']);
    for (let i = 0; i < 2; i++) await pool.query(RELEASE_POP, ['emptied']);
    await pool.query("DELETE FROM agent_sessions WHERE session_id = 'cleared'");
    await append('beta', numberedItems(2, 'beta late'));
    // Timestamps at the edges: microseconds, the distant past, another offset.
    await pool.query(`UPDATE agent_messages SET created_at = '1970-01-01 00:00:00.000001+00' WHERE id = (SELECT min(id) FROM agent_messages)`);
    await pool.query(`UPDATE agent_messages SET created_at = '2199-12-31 23:59:59.999999+05:30' WHERE session_id = 'odd-json'`);
    await pool.query(`UPDATE agent_sessions SET created_at = '1999-12-31 23:59:59.123456+00', updated_at = '2000-01-01 00:00:00.654321-08' WHERE session_id = 'alpha'`);

    before = await snapshot(pool);
    applied = await migrate({ pool });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('applies the keyed-messages migrations and the later ones, and only those', async () => {
    expect(applied.slice(0, KEYED.length)).toEqual(KEYED);
    expect(applied).toEqual(shippedMigrations().slice(1).map((m) => m.tag));
    expect(await migrate({ pool })).toEqual([]);
  });

  it('keeps every row: ids, order, bytes and timestamps', async () => {
    expect(before.messages).toHaveLength(20 + 29 + 4 + oddRows.length + 4);
    expect(before.sessions.map((s) => s.session_id).sort()).toEqual(['alpha', 'beta', 'emptied', LONG_ID, ODD_ID, 'odd-json'].sort());
    expect(await snapshot(pool)).toEqual(before);
    const odd = before.messages.filter((m) => m.session_id === 'odd-json').map((m) => m.message_data);
    expect(odd).toEqual(oddRows);
  });

  it('leaves a schema every session table of which is keyed by session_id', async () => {
    expect(await distributionKeyViolations(pool, { except: [MIGRATIONS_TABLE, ...REFERENCE_TABLES] })).toEqual([]);
    const { rows } = await pool.query(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'agent_messages'::regclass AND contype = 'p'`);
    expect(rows).toEqual([{ conname: 'agent_messages_session_id_id_pk', def: 'PRIMARY KEY (session_id, id)' }]);
  });

  it('reads every session as the first release stored it', async () => {
    for (const sessionId of new Set(before.messages.map((m) => m.session_id))) {
      const session = new PostgresSession(sessionId, { pool });
      const expected = before.messages.filter((m) => m.session_id === sessionId).map((m) => parseStoredItem(sessionId, m.message_data, m.id));
      expect(await session.getItems()).toEqual(expected);
      expect(await session.getItems(2)).toEqual(expected.slice(-2));
    }
    const page = await listSessions({ pool }, { limit: 10 });
    const counts = Object.fromEntries(page.sessions.map((s) => [s.sessionId, s.itemCount]));
    expect(counts).toEqual({ alpha: 20, beta: 29, emptied: 0, [LONG_ID]: 4, [ODD_ID]: 4, 'odd-json': oddRows.length });
  });

  it('goes on writing after the old rows: new ids follow the old ones, pops and clears still work', async () => {
    const maxBefore = Math.max(...before.messages.map((m) => Number(m.id)));
    const beta = new PostgresSession('beta', { pool });
    const old = await beta.getItems();
    expect(textOf(await beta.popItem())).toBe('beta late 1');
    await beta.addItems(numberedItems(3, 'after'));
    const { rows } = await pool.query<{ id: string }>("SELECT m.id::text AS id FROM agent_messages m WHERE m.session_id = 'beta' ORDER BY m.id DESC LIMIT 3");
    expect(rows.every((r) => Number(r.id) > maxBefore)).toBe(true);
    expect(await beta.getItems()).toEqual([...old.slice(0, -1), ...numberedItems(3, 'after')]);

    const fresh = new PostgresSession('fresh', { pool });
    await fresh.addItems([userMessage('first after the migration')]);
    expect(await fresh.getItems()).toEqual([userMessage('first after the migration')]);

    const alpha = new PostgresSession('alpha', { pool });
    await alpha.clearSession();
    expect(await alpha.getItems()).toEqual([]);
    const { rows: left } = await pool.query("SELECT count(*)::int AS n FROM agent_messages WHERE session_id = 'alpha'");
    expect(left[0].n).toBe(0);
  });
});
