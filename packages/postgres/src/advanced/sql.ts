import pg from 'pg';

/** A statement pg prepares once per connection. */
export interface NamedStatement {
  name: string;
  text: string;
}

export const named = (name: string, text: string): NamedStatement => ({ name: `sessions_pg_adv_${name}`, text });

/** A timestamp column as ISO-8601 UTC text with milliseconds, the form archives and summaries carry. */
export const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The same to the microsecond: what a keyset cursor compares. */
export const position = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The parent of lane row `c` in a recursive chain, by primary key. The LIMIT
 * keeps it a lookup per chain row: the planner cannot size a recursive CTE and
 * would otherwise hash-join a whole table against it.
 */
export const PARENT_LANE = (session: string) =>
  `SELECT lane_id, parent_lane_id, parent_bound, replay_start FROM advanced_lanes WHERE session_id = ${session} AND lane_id = c.parent_lane_id LIMIT 1`;

/** A `position` as a cursor carries it. */
export const POSITION_PATTERN = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** bigint, count and sum results as numbers (ids and token counts stay far below 2^53). */
const INT8 = 20;
const NUMERIC = 1700;
export const numericTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 || oid === NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** Runs a named statement with number-typed bigints. */
export async function query<R extends pg.QueryResultRow>(db: pg.Pool | pg.ClientBase, statement: NamedStatement, values: unknown[]): Promise<pg.QueryResult<R>> {
  return db.query<R>({ name: statement.name, text: statement.text, values, types: numericTypes });
}

/**
 * Text for a column PostgreSQL must hold as text: it cannot store U+0000, so
 * a NUL in an item's search text or tool name is kept as U+FFFD (and a search
 * term is mapped the same way, so it still matches). Item JSON escapes NUL
 * and is stored as written.
 */
export function pgText<T extends string | null>(value: T): T {
  return (value === null || !value.includes('\u0000') ? value : value.replaceAll('\u0000', '\uFFFD')) as T;
}
