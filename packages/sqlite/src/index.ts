export { SQLiteSession, sessionStatements, type SQLiteSessionOptions } from './sqlite-session.js';
export {
  acquireConnection,
  borrowConnection,
  configureUserDatabase,
  BUSY_TIMEOUT_MS,
  type SqliteConnection,
  type SqliteDatabase,
} from './connection.js';
export { migrateSqlite, applySqliteMigrations, sqliteMigrationsFolder } from './migrate.js';
export { prepareSessionStatements, type SessionStatements, type MessageRow } from './statements.js';
export { agentSessions, agentMessages, agentSessionOperations } from './schema.js';
