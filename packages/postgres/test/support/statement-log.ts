import pg from 'pg';

export interface LoggedStatement {
  text: string;
  values: unknown[];
}

/**
 * A real pg.Pool whose clients record every statement they send while
 * `record` runs, so a test can count round trips and ask PostgreSQL for
 * each statement's plan.
 */
export class StatementLog {
  readonly pool: pg.Pool;
  statements: LoggedStatement[] = [];
  #recording = false;

  constructor(url: string, config: pg.PoolConfig = {}) {
    const log = this;
    class LoggingClient extends pg.Client {
      override query(...args: unknown[]): never {
        if (log.#recording) {
          const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown];
          const text = typeof first === 'string' ? first : first.text;
          const values = (Array.isArray(second) ? second : typeof first === 'string' ? [] : first.values) ?? [];
          log.statements.push({ text, values });
        }
        return (super.query as (...a: unknown[]) => never)(...args);
      }
    }
    this.pool = new pg.Pool({ connectionString: url, ...config, Client: LoggingClient });
    this.pool.on('error', () => {});
  }

  /** The statements `step` sends. */
  async record(step: () => Promise<unknown>): Promise<LoggedStatement[]> {
    this.statements = [];
    this.#recording = true;
    try {
      await step();
    } finally {
      this.#recording = false;
    }
    return this.statements;
  }

  /** The data statements among `statements` (transaction control left out). */
  static data(statements: LoggedStatement[]): LoggedStatement[] {
    return statements.filter((s) => !/^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(s.text));
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/**
 * Every node of the plan PostgreSQL runs for `statement`: a read is run (ANALYZE,
 * inside a rolled-back transaction) so nodes carry the rows they read; a write,
 * already applied, is only planned.
 */
export async function planNodes(pool: pg.Pool, statement: LoggedStatement): Promise<PlanNode[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const analyze = !/\b(INSERT|UPDATE|DELETE)\b/i.test(statement.text);
    const explain = `EXPLAIN (${analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${statement.text}`;
    const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(explain, statement.values);
    const nodes: PlanNode[] = [];
    const walk = (node: PlanNode) => {
      nodes.push(node);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(rows[0]!['QUERY PLAN'][0]!.Plan);
    return nodes;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}
