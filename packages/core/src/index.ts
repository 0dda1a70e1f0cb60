export { SessionError, isSessionError, type SessionErrorCode, type SessionErrorOptions } from './errors.js';
export {
  serializeItems,
  serializeJsonObject,
  parseStoredItem,
  type ItemSource,
  type SessionItem,
  type JsonObject,
  type JsonValue,
} from './items.js';
export { checkSessionSettings, resolveLimit, type SessionSettings } from './settings.js';
export { checkSessionId, MAX_SESSION_ID_LENGTH } from './session-id.js';
export { checkOwner } from './owner.js';
export type { AgentSession, HistoryAwareSession, SessionOptions } from './session.js';
export { SessionBase } from './session-base.js';
export * from './encryption/index.js';
export { HistorySessionBase } from './history-session-base.js';
export type { HistorySplice, SpliceOutcome, StoredRow, RowEdits } from './history-store.js';
export { MAX_OPERATION_ID_LENGTH } from './history-transaction.js';
export { MemorySession, MemorySessionStore, type MemorySessionOptions } from './memory-session.js';
export {
  itemKind,
  opensUserTurn,
  isToolItem,
  toolName,
  itemText,
  turnNumbers,
  groupTurns,
  type ItemKind,
  type Turn,
} from './turns.js';
export { readMigrations, pendingMigrations, MIGRATIONS_TABLE, type Migration } from './migrations.js';
export {
  SESSIONS_TABLE,
  MESSAGES_TABLE,
  OPERATIONS_TABLE,
  SESSION_KEYS_TABLE,
  sessionKeyColumns,
  sessionColumns,
  messageColumns,
  operationColumns,
  MESSAGES_SESSION_INDEX,
  SESSIONS_UPDATED_INDEX,
  SESSIONS_OWNER_INDEX,
  SESSIONS_EXPIRES_INDEX,
} from './table-names.js';
export {
  checkPageSize,
  encodeCursor,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type SessionSummary,
  type ListSessionsOptions,
  type SessionPage,
} from './session-listing.js';
export { redactUrl } from './redact-url.js';
export * from './advanced/index.js';
export type {
  SessionStore,
  StoreCapabilities,
  OpenStoreSessionOptions,
  StoreSessionSummary,
  StoreListOptions,
  StorePage,
  StoreArchive,
  StoreArchiveInput,
  OpenSessionStore,
  OpenSessionStoreOptions,
} from './store/contract.js';
export { checkInstant, checkExpiry, resolveExpiry, sessionExpiredError, type SessionExpiryOptions } from './store/expiry.js';
export {
  checkPruneOptions,
  prunesSessions,
  runPrune,
  DEFAULT_PRUNE_BATCH,
  type AgeLimit,
  type CheckedPruneOptions,
  type PruneBatch,
  type PruneBatchStep,
  type PruneBranchesStep,
  type PruneCounts,
  type PruneCriteria,
  type PruneProgress,
  type PruneResult,
  type PruneSessionsOptions,
} from './store/prune.js';
export { branchPruneStep, deleteBranchesPlan, type OldBranches } from './store/prune-branches.js';
export { checkStoreListOptions, type CheckedStoreListOptions } from './store/list-options.js';
export { storePage } from './store/page.js';
export { plainTurnRange } from './store/plain-turns.js';
export { checkPlainArchive, plainArchive, archivedItemTexts, type PlainArchive } from './store/plain-archive.js';
