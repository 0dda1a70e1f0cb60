export { AdvancedSessionBase, type AdvancedSessionOptions } from './advanced-session-base.js';
export { runSync, runAsync, use, steps, type Plan, type Step, type Steps, type Awaitable } from './plan.js';
export type {
  AdvancedDriver,
  Segment,
  ChainRow,
  BranchRow,
  ItemRow,
  TimedItemRow,
  StructureRow,
  NewestRow,
  NewMessage,
  UsageInsert,
  SessionRow,
  TurnUsageRow,
  RunModelRow,
} from './driver.js';
export { db as advancedSteps, onBranch, type AdvancedPlan, type BranchContext } from './context.js';
export { chainSegments, latestRows, acrossSegments, replayPart, UNBOUNDED, type ChainCache } from './lanes.js';
export { REPLAY_KIND } from './compaction.js';
export { readArchive, writeArchive } from './archive.js';
export {
  readBranchTurns,
  checkTurnRange,
  checkUsageSumOptions,
  usageSumsQuery,
  usageSumRows,
  USAGE_GROUPS,
  type TurnRange,
  type TurnRangeItem,
  type UsageGroup,
  type UsageSum,
  type UsageSumOptions,
} from './inspection.js';
export { deleteSession as deleteSessionPlan } from './metadata.js';
export { appendItems, messagesOf } from './history.js';
export { checkListOptions, checkMetadataFilter, encodeListCursor, type CheckedListOptions, type MetadataFilter } from './list-options.js';
export { checkArchive } from './archive-check.js';
export { normalizeForSearch, searchTextOf } from './search-text.js';
export { DEFAULT_PRICES, priceFor, costOf, checkPriceTable, type ModelPrice, type PriceTable } from './pricing.js';
export { splitRunUsage, usageRecords, type ResponseUsage, type RunUsageSource, type SplitRunUsage, type UsageRecord } from './run-usage.js';
export { priceUsage, type StoreRunUsageOptions } from './usage.js';
export type { SessionArchive, SessionArchiveInput, ArchivedBranch, ArchivedItem, ArchivedUsage, WriteSessionArchiveOptions } from './archive-types.js';
export {
  MAIN_BRANCH,
  type BranchInfo,
  type BranchOption,
  type ConversationTurn,
  type ListSessionsOptions as AdvancedListSessionsOptions,
  type ModelUsage,
  type SessionSummary as AdvancedSessionSummary,
  type SessionUsage,
  type ToolUse,
  type TurnItem,
  type TurnUsage,
  type UsageStats,
  type TokenCounts,
  type UsageTotals,
} from './types.js';
