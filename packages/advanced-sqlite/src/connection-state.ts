import type { ChainCache } from '@sessions/core';
import type { SqliteConnection } from '@sessions/sqlite';
import { migrateAdvancedSqlite } from './migrate.js';
import { SqliteAdvancedDriver } from './sqlite-driver.js';
import { prepareAdvancedStatements, type AdvancedStatements } from './statements.js';

/** What every session (and the archive functions) on one connection share. */
export interface ConnectionState {
  statements: AdvancedStatements;
  driver: SqliteAdvancedDriver;
  /** Segments by head lane, remembered only for lanes read outside a transaction. */
  chains: ChainCache;
}

const KEY = 'advanced-sqlite:state';
const UNMIGRATED_KEY = 'advanced-sqlite:unmigrated-state';

function prepare(connection: SqliteConnection): ConnectionState {
  const statements = prepareAdvancedStatements(connection.db);
  return { statements, driver: new SqliteAdvancedDriver(connection.db, statements), chains: new Map() };
}

/**
 * Migrates the database and prepares the statements, once per connection.
 * Tables created inside a caller's transaction vanish if it rolls back, so
 * that work is remembered only when done outside any transaction.
 */
export function connectionState(connection: SqliteConnection): ConnectionState {
  let value = connection.state.get(KEY) as ConnectionState | undefined;
  if (!value) {
    migrateAdvancedSqlite(connection.db);
    value = prepare(connection);
    if (!connection.db.inTransaction) connection.state.set(KEY, value);
  }
  return value;
}

/**
 * The same state without migrating (reading an archive never writes): on a
 * database without this package's tables it fails with SQLite's "no such table".
 */
export function existingState(connection: SqliteConnection): ConnectionState {
  let value = (connection.state.get(KEY) ?? connection.state.get(UNMIGRATED_KEY)) as ConnectionState | undefined;
  if (!value) {
    value = prepare(connection);
    connection.state.set(UNMIGRATED_KEY, value);
  }
  return value;
}
