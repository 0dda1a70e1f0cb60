export { SQLiteSession, sessionStatements, type SQLiteSessionOptions } from './sqlite-session.js';
export {
  acquireConnection,
  borrowConnection,
  configureUserDatabase,
  BUSY_TIMEOUT_MS,
  type SqliteConnection,
  type SqliteDatabase,
} from './connection.js';
export { migrateSqlite, applySqliteMigrations, pendingSqliteMigrations, sqliteMigrations, sqliteMigrationsFolder } from './migrate.js';
export { prepareSessionStatements, type SessionStatements, type MessageRow } from './statements.js';
export { agentSessions, agentMessages, agentSessionOperations, agentSessionKeys } from './schema.js';
export { SqliteSessionStore, openSessionStore } from './store/sqlite-store.js';
export { SqliteStoreBase, storeFile } from './store/sqlite-store-base.js';
export { sqlitePathOf } from './store/sqlite-path.js';
export { sqliteTime, SQLITE_POSITION } from './store/sqlite-time.js';
export { listingOrder, plainStoreStatements, type ListedRow, type PlainStoreStatements } from './store/plain-statements.js';
export { sqliteKeyRotation, sqliteClearRows } from './store/key-maintenance.js';
export { liveSql, expiredSql, sqlitePruneBatch, setSqliteExpiry, type PruneCountTables } from './store/prune-batch.js';
