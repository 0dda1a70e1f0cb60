import { MIGRATIONS_TABLE } from '@sessions/core';
import { applyPostgresMigrations, POSTGRES_STORE, REFERENCE_TABLES, shippedMigrations } from '@sessions/postgres';
import { requireServer } from '@sessions/test-servers';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createMigratedDatabase, testPool, type TestDatabase } from './database.js';
import { distributionKeyViolations } from './distribution-key.js';

const serverAvailable = await requireServer('postgres', 'the @sessions/postgres distribution key check');

const listed = (violations: { table: string; problem: string }[]) => violations.map((v) => `${v.table}: ${v.problem}`).sort();

describe.runIf(serverAvailable)('every session table can be distributed by session_id (read from the live catalog)', () => {
  const databases: TestDatabase[] = [];
  const pools: pg.Pool[] = [];
  const open = (database: TestDatabase) => {
    databases.push(database);
    const pool = testPool(database.url);
    pools.push(pool);
    return pool;
  };

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await Promise.all(databases.map((d) => d.drop()));
  });

  it('holds for the schema the shipped migrations create', async () => {
    const pool = open(await createMigratedDatabase('dist_key'));
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('agent_sessions', 'agent_messages') AND relkind = 'r'");
    expect(rows[0].n).toBe(2);
    // The branch id registry is the one reference table (kept whole on every node), allow-listed by name.
    expect(await distributionKeyViolations(pool, { except: [MIGRATIONS_TABLE, ...REFERENCE_TABLES] })).toEqual([]);
    expect(listed(await distributionKeyViolations(pool))).toEqual([
      'public.advanced_branch_handles: primary key advanced_branch_handles_pkey (branch_id) does not contain session_id',
    ]);
  });

  it('covers every advanced table', async () => {
    const pool = open(await createMigratedDatabase('dist_key_tables'));
    const { rows } = await pool.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relname LIKE 'advanced\\_%' AND relkind = 'r' ORDER BY 1");
    expect(rows.map((r) => r.relname)).toEqual([
      'advanced_branch_handles',
      'advanced_branches',
      'advanced_lanes',
      'advanced_message_structure',
      'advanced_session_metadata',
      'advanced_turn_usage',
      'advanced_usage_responses',
    ]);
  });

  it('fails the schema of the first release, whose messages were keyed by id alone', async () => {
    const pool = open(await createDatabase('dist_key_initial'));
    await applyPostgresMigrations(pool, POSTGRES_STORE, shippedMigrations().slice(0, 1));
    expect(listed(await distributionKeyViolations(pool))).toEqual(['public.agent_messages: primary key agent_messages_pkey (id) does not contain session_id']);
  });

  describe('on tables added later by other migrations into the same database', () => {
    let pool: pg.Pool;
    beforeAll(async () => {
      pool = open(await createMigratedDatabase('dist_key_later'));
    });

    const violationsAfter = async (ddl: string) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(ddl);
        return listed(await distributionKeyViolations(client, { except: [MIGRATIONS_TABLE, ...REFERENCE_TABLES] }));
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    };

    it('passes a table keyed by session whose foreign keys join on session_id', async () => {
      const ddl = `CREATE TABLE agent_item_notes (
        session_id text NOT NULL REFERENCES agent_sessions (session_id) ON DELETE CASCADE,
        message_id bigint NOT NULL,
        note text NOT NULL,
        PRIMARY KEY (session_id, message_id),
        UNIQUE (note, session_id),
        FOREIGN KEY (message_id, session_id) REFERENCES agent_messages (id, session_id) ON DELETE CASCADE
      )`;
      expect(await violationsAfter(ddl)).toEqual([]);
    });

    it.each([
      ['a table without session_id', 'CREATE TABLE agent_prices (model text PRIMARY KEY)', [
        'public.agent_prices: has no session_id column',
        'public.agent_prices: primary key agent_prices_pkey (model) does not contain session_id',
      ]],
      ['a primary key without session_id', 'CREATE TABLE agent_runs (id bigint PRIMARY KEY, session_id text NOT NULL)', [
        'public.agent_runs: primary key agent_runs_pkey (id) does not contain session_id',
      ]],
      ['a unique constraint without session_id', 'CREATE TABLE agent_tags (session_id text NOT NULL, tag text NOT NULL, UNIQUE (tag))', [
        'public.agent_tags: unique constraint agent_tags_tag_key (tag) does not contain session_id',
      ]],
      ['a unique index without session_id', 'CREATE TABLE agent_marks (session_id text NOT NULL, n int NOT NULL); CREATE UNIQUE INDEX agent_marks_n ON agent_marks (n)', [
        'public.agent_marks: unique index agent_marks_n (n) does not contain session_id',
      ]],
      ['a unique index on an expression', 'CREATE TABLE agent_names (session_id text NOT NULL, name text NOT NULL); CREATE UNIQUE INDEX agent_names_lower ON agent_names (lower(name))', [
        'public.agent_names: unique index agent_names_lower (expression) does not contain session_id',
      ]],
      ['an exclusion constraint without session_id', 'CREATE TABLE agent_slots (session_id text NOT NULL, slot int NOT NULL, EXCLUDE USING btree (slot WITH =))', [
        'public.agent_slots: exclusion constraint agent_slots_slot_excl (slot) does not contain session_id',
      ]],
      ['a foreign key joining another column to session_id', `CREATE TABLE agent_forks (session_id text NOT NULL, parent text NOT NULL REFERENCES agent_sessions (session_id), PRIMARY KEY (session_id, parent))`, [
        'public.agent_forks: foreign key agent_forks_parent_fkey does not join session_id to session_id of public.agent_sessions',
      ]],
      ['a foreign key to a message by id alone', `CREATE TABLE agent_ids (id bigint NOT NULL, session_id text NOT NULL, PRIMARY KEY (session_id, id));
        CREATE UNIQUE INDEX agent_ids_by_id ON agent_ids (id);
        CREATE TABLE agent_refs (session_id text NOT NULL, target bigint NOT NULL REFERENCES agent_ids (id), PRIMARY KEY (session_id, target))`, [
        'public.agent_ids: unique index agent_ids_by_id (id) does not contain session_id',
        'public.agent_refs: foreign key agent_refs_target_fkey does not join session_id to session_id of public.agent_ids',
      ]],
      ['a foreign key to a table kept out of the check', `CREATE TABLE agent_stamps (session_id text NOT NULL, store text NOT NULL, tag text NOT NULL,
        PRIMARY KEY (session_id, store, tag), FOREIGN KEY (store, tag) REFERENCES sessions_migrations (store, tag))`, [
        'public.agent_stamps: foreign key agent_stamps_store_tag_fkey references a table that is not sharded by session_id',
      ]],
      ['a session_id of another type', 'CREATE TABLE agent_flags (session_id varchar(255) PRIMARY KEY)', [
        'public.agent_flags: session_id is character varying(255); the tables disagree (character varying(255), text)',
        ...['advanced_branches', 'advanced_lanes', 'advanced_message_structure', 'advanced_session_metadata', 'advanced_turn_usage', 'advanced_usage_responses', 'agent_messages', 'agent_session_keys', 'agent_session_operations', 'agent_sessions'].map(
          (table) => `public.${table}: session_id is text; the tables disagree (character varying(255), text)`,
        ),
      ]],
      ['a table in another schema', 'CREATE SCHEMA extra; CREATE TABLE extra.things (id int PRIMARY KEY)', [
        'extra.things: has no session_id column',
        'extra.things: primary key things_pkey (id) does not contain session_id',
      ]],
    ])('fails %s', async (_, ddl, expected) => {
      expect(await violationsAfter(ddl)).toEqual([...expected].sort());
    });
  });
});
