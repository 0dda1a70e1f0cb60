export { AdvancedSQLiteSession, type AdvancedSQLiteSessionOptions, type StoreRunUsageOptions } from './advanced-sqlite-session.js';
export { DEFAULT_PRICES, priceFor, costOf, type ModelPrice, type PriceTable } from './pricing.js';
export { migrateAdvancedSqlite, advancedSqliteMigrationsFolder, hasAdvancedSqliteTables } from './migrate.js';
export { readSessionArchive, writeSessionArchive, sessionOfBranch } from './session-archive.js';
export type {
  SessionArchive,
  SessionArchiveInput,
  ArchivedBranch,
  ArchivedItem,
  ArchivedUsage,
  WriteSessionArchiveOptions,
} from './archive-types.js';
export { normalizeForSearch } from './search-text.js';
export type { RunUsageSource, UsageRecord } from './run-usage.js';
export type { JsonObject, JsonValue } from '@sessions/core';
export {
  MAIN_BRANCH,
  type BranchInfo,
  type BranchOption,
  type ConversationTurn,
  type ListSessionsOptions,
  type ModelUsage,
  type SessionSummary,
  type SessionUsage,
  type ToolUse,
  type TurnItem,
  type TurnUsage,
  type UsageStats,
  type TokenCounts,
  type UsageTotals,
} from './types.js';
export {
  advancedLanes,
  advancedBranches,
  advancedMessageStructure,
  advancedTurnUsage,
  advancedSessionMetadata,
} from './schema.js';
export { readBranchTurns, sumUsage, type TurnRangeItem, type UsageGroup, type UsageSum, type UsageSumOptions } from './inspection.js';
