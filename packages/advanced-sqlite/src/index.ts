export { AdvancedSQLiteSession, type AdvancedSQLiteSessionOptions, type StoreRunUsageOptions } from './advanced-sqlite-session.js';
export { migrateAdvancedSqlite, advancedSqliteMigrations, advancedSqliteMigrationsFolder, hasAdvancedSqliteTables } from './migrate.js';
export { AdvancedSqliteStore, openSessionStore, openAdvancedSqliteStore } from './store/advanced-sqlite-store.js';
export { readSessionArchive, writeSessionArchive, sessionOfBranch } from './session-archive.js';
export { readBranchTurns, sumUsage } from './inspection.js';
// The branch model's types and helpers live in @sessions/core; re-exported for existing imports.
export {
  DEFAULT_PRICES,
  priceFor,
  costOf,
  normalizeForSearch,
  MAIN_BRANCH,
  type ModelPrice,
  type PriceTable,
  type SessionArchive,
  type SessionArchiveInput,
  type ArchivedBranch,
  type ArchivedItem,
  type ArchivedUsage,
  type WriteSessionArchiveOptions,
  type RunUsageSource,
  type UsageRecord,
  type JsonObject,
  type JsonValue,
  type BranchInfo,
  type BranchOption,
  type ConversationTurn,
  type AdvancedListSessionsOptions as ListSessionsOptions,
  type ModelUsage,
  type AdvancedSessionSummary as SessionSummary,
  type SessionUsage,
  type ToolUse,
  type TurnItem,
  type TurnUsage,
  type UsageStats,
  type TokenCounts,
  type UsageTotals,
  type TurnRangeItem,
  type UsageGroup,
  type UsageSum,
  type UsageSumOptions,
} from '@sessions/core';
export {
  advancedLanes,
  advancedBranches,
  advancedMessageStructure,
  advancedTurnUsage,
  advancedSessionMetadata,
  advancedUsageResponses,
} from './schema.js';
