import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import Database from 'better-sqlite3';

/**
 * An AdvancedSQLiteSession on its own better-sqlite3 connection that logs
 * every statement it executes (with parameters inlined), so a test can
 * count them and ask SQLite for each one's query plan.
 */
export class StatementLog {
  readonly db: Database.Database;
  #recording = false;
  statements: string[] = [];

  constructor(path: string) {
    this.db = new Database(path, {
      verbose: (sql) => {
        if (this.#recording) this.statements.push(String(sql));
      },
    });
  }

  session(id: string): AdvancedSQLiteSession {
    return new AdvancedSQLiteSession(id, { database: this.db });
  }

  /** The statements `step` executes. */
  async record(step: () => Promise<unknown>): Promise<string[]> {
    this.statements = [];
    this.#recording = true;
    try {
      await step();
    } finally {
      this.#recording = false;
    }
    return this.statements;
  }

  /** SQLite's plan lines for every data statement of `statements`. */
  plans(statements: string[]): string[] {
    const lines: string[] = [];
    for (const sql of statements) {
      if (!/^\s*(SELECT|WITH|DELETE|UPDATE)/i.test(sql)) continue;
      const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
      for (const row of rows) lines.push(row.detail);
    }
    return lines;
  }

  /**
   * Plan lines that read a whole table or index, or sort: what a statement
   * bounded by an index never does. Scans of the recursive branch chain CTE
   * (a handful of rows, one per fork) are fine.
   */
  unboundedSteps(statements: string[]): string[] {
    return this.plans(statements).filter(
      (line) => (/^SCAN /.test(line) && !/^SCAN (c|chain)\b/.test(line)) || /TEMP B-TREE/.test(line),
    );
  }

  close(): void {
    this.db.close();
  }
}
