import type { SqliteConnection } from '@sessions/sqlite';
import type { ChainCache } from './lanes.js';
import { migrateAdvancedSqlite } from './migrate.js';
import { prepareAdvancedStatements, type AdvancedStatements } from './statements.js';
import { UsageQueries } from './usage-queries.js';

/** What every session (and the archive functions) on one connection share. */
export interface ConnectionState {
  statements: AdvancedStatements;
  usage: UsageQueries;
  /** Segments by head lane, remembered only for lanes read outside a transaction (see lanes.ts). */
  chains: ChainCache;
}

const KEY = 'advanced-sqlite:statements';

/**
 * Migrates the database and prepares the statements, once per connection.
 * Tables created inside a caller's transaction vanish if it rolls back, so
 * that work is remembered only when done outside any transaction.
 */
export function connectionState(connection: SqliteConnection): ConnectionState {
  let value = connection.state.get(KEY) as ConnectionState | undefined;
  if (!value) {
    migrateAdvancedSqlite(connection.db);
    value = { statements: prepareAdvancedStatements(connection.db), usage: new UsageQueries(connection.db), chains: new Map() };
    if (!connection.db.inTransaction) connection.state.set(KEY, value);
  }
  return value;
}
