import { MIGRATIONS_TABLE, sessionColumns } from '@sessions/core';
import type pg from 'pg';

/** A table of the database that a cluster could not shard by session, and why. */
export interface DistributionKeyViolation {
  table: string;
  problem: string;
}

export interface DistributionKeyOptions {
  /** The column every session table is sharded by. Default `session_id`. */
  key?: string;
  /** Tables that stay local or reference tables on a cluster, by name. Default: the migrations record. */
  except?: string[];
}

interface TableRow {
  oid: number;
  name: string;
  key_attnum: number | null;
  key_type: string | null;
}

interface KeyRow {
  table_oid: number;
  name: string;
  kind: string;
  columns: string[];
  attnums: number[];
}

interface ForeignKeyRow {
  name: string;
  table_oid: number;
  ref_oid: number;
  attnums: number[];
  ref_attnums: number[];
}

// Every ordinary and partitioned table outside the system schemas, with its key column if it has one.
const TABLES = `
  SELECT c.oid::int AS oid, format('%I.%I', n.nspname, c.relname) AS name,
         a.attnum::int AS key_attnum, format_type(a.atttypid, a.atttypmod) AS key_type
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = $1 AND a.attnum > 0 AND NOT a.attisdropped
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
    AND NOT (c.relname = ANY($2::text[]))
  ORDER BY 2`;

// Every unique index (primary keys and unique constraints have one) and exclusion constraint:
// a cluster can enforce them only within a shard, so each must contain the key.
const UNIQUE_KEYS = `
  SELECT i.indrelid::int AS table_oid, ic.relname AS name,
         CASE WHEN i.indisprimary THEN 'primary key'
              WHEN con.contype = 'u' THEN 'unique constraint'
              ELSE 'unique index' END AS kind,
         ARRAY(SELECT coalesce(a.attname::text, 'expression') FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) k(attnum)
               LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS columns,
         (i.indkey::int2[])[0:i.indnkeyatts - 1]::int[] AS attnums
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u')
  WHERE i.indisunique AND i.indrelid = ANY($1::oid[])
  UNION ALL
  SELECT con.conrelid::int, con.conname, 'exclusion constraint',
         ARRAY(SELECT a.attname::text FROM unnest(con.conkey) k(attnum) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
         con.conkey::int[]
  FROM pg_constraint con
  WHERE con.contype = 'x' AND con.conrelid = ANY($1::oid[])`;

// Every foreign key from or to a checked table.
const FOREIGN_KEYS = `
  SELECT con.conname AS name, con.conrelid::int AS table_oid, con.confrelid::int AS ref_oid,
         con.conkey::int[] AS attnums, con.confkey::int[] AS ref_attnums
  FROM pg_constraint con
  WHERE con.contype = 'f' AND (con.conrelid = ANY($1::oid[]) OR con.confrelid = ANY($1::oid[]))`;

/**
 * Reads the live catalog and lists every table that breaks the rule a sharded
 * cluster (Citus, CockroachDB) needs to keep one conversation on one shard:
 * each table has the key column, every primary key, unique constraint, unique
 * index and exclusion constraint contains it, every foreign key pairs it with the
 * key of the table it references, and the key has one type everywhere (tables
 * are co-located only when their distribution columns share a type).
 * Empty when the schema can be distributed by `session_id`.
 */
export async function distributionKeyViolations(db: pg.Pool | pg.Client, options: DistributionKeyOptions = {}): Promise<DistributionKeyViolation[]> {
  const key = options.key ?? sessionColumns.sessionId;
  const except = options.except ?? [MIGRATIONS_TABLE];
  const tables = (await db.query<TableRow>(TABLES, [key, except])).rows;
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const oids = tables.map((t) => t.oid);
  const violations: DistributionKeyViolation[] = [];
  const report = (table: string, problem: string) => violations.push({ table, problem });

  for (const table of tables) if (table.key_attnum === null) report(table.name, `has no ${key} column`);

  const types = new Set(tables.flatMap((t) => (t.key_type === null ? [] : [t.key_type])));
  if (types.size > 1) {
    for (const table of tables) if (table.key_type !== null) report(table.name, `${key} is ${table.key_type}; the tables disagree (${[...types].sort().join(', ')})`);
  }

  for (const unique of (await db.query<KeyRow>(UNIQUE_KEYS, [oids])).rows) {
    const table = byOid.get(unique.table_oid)!;
    if (table.key_attnum === null || !unique.attnums.includes(table.key_attnum)) {
      report(table.name, `${unique.kind} ${unique.name} (${unique.columns.join(', ')}) does not contain ${key}`);
    }
  }

  for (const fk of (await db.query<ForeignKeyRow>(FOREIGN_KEYS, [oids])).rows) {
    const from = byOid.get(fk.table_oid);
    const to = byOid.get(fk.ref_oid);
    if (!from) {
      report(to!.name, `foreign key ${fk.name} of a table that is not sharded by ${key} references it`);
      continue;
    }
    if (!to) {
      report(from.name, `foreign key ${fk.name} references a table that is not sharded by ${key}`);
      continue;
    }
    const position = from.key_attnum === null ? -1 : fk.attnums.indexOf(from.key_attnum);
    if (position === -1 || to.key_attnum === null || fk.ref_attnums[position] !== to.key_attnum) {
      report(from.name, `foreign key ${fk.name} does not join ${key} to ${key} of ${to.name}`);
    }
  }
  return violations;
}
