export { MySQLSession, type MySQLSessionOptions } from './mysql-session.js';
export { migrate, applyMySQLMigrations, mysqlMigrationsFolder, MYSQL_STORE } from './migrate.js';
export { listSessions, deleteSession, type SessionSummary, type SessionPage, type ListSessionsOptions } from './list-sessions.js';
export { runMigrateCommand } from './cli.js';
export { openPool, type MySQLTarget, type MySQLPool, type DrizzleMySQLDatabase } from './connection.js';
export { sql as sessionSql, selectLatestSql, insertMessagesSql } from './statements.js';
export { agentSessions, agentMessages, agentSessionOperations } from './schema.js';
export { runTransaction, DEFAULT_RETRY_POLICY, type RetryPolicy } from './transaction.js';
