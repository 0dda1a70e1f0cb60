export { PostgresSession, type PostgresSessionOptions, type PostgresSessionUrlOptions } from './postgres-session.js';
export { migrate, applyPostgresMigrations, postgresMigrationsFolder, shippedMigrations, MIGRATION_LOCK_KEY, POSTGRES_STORE } from './migrate.js';
export {
  listSessions,
  deleteSession,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type ListSessionsOptions,
  type SessionPage,
  type SessionSummary,
} from './list-sessions.js';
export { runMigrateCommand, main as runCli, USAGE as MIGRATE_USAGE, type CommandOutput } from './cli.js';
export { redactUrl, type PostgresTarget, type DrizzlePostgresDatabase } from './connection.js';
export { isConnectionLost } from './errors.js';
export { agentSessions, agentMessages, agentSessionOperations, agentSessionKeys, SESSIONS_UPDATED_INDEX, SESSIONS_OWNER_INDEX, SESSIONS_CREATED_INDEX } from './schema.js';
export {
  AdvancedPostgresSession,
  type AdvancedPostgresSessionOptions,
  type AdvancedPostgresSessionUrlOptions,
  type StoreRunUsageOptions,
} from './advanced/advanced-postgres-session.js';
export {
  advancedLanes,
  advancedBranches,
  advancedBranchHandles,
  advancedMessageStructure,
  advancedTurnUsage,
  advancedSessionMetadata,
  advancedUsageResponses,
  REFERENCE_TABLES,
} from './advanced-schema.js';
export { PostgresSessionStore, openSessionStore } from './store.js';
