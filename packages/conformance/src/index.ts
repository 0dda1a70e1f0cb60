export { runConformanceSuite } from './suite.js';
export type { ConformanceTarget, CreateSessionOptions, RawStorageReader, BranchingCapability, ProcessCapability } from './target.js';
export type { SessionUnderTest, SuiteMode } from './harness.js';
export { userMessage, assistantMessage, compactionItem, functionCallItem, functionResultItem, numberedItems, textOf, benchmarkTurn } from './items.js';
export { runAdvancedConformanceSuite } from './advanced/suite.js';
export type {
  AdvancedConformanceTarget,
  AdvancedProcessCapability,
  AdvancedStoreUnderTest,
  AdvancedRawAccess,
  AdvancedTable,
  RawUsageRow,
} from './advanced/target.js';
export { reply, user, assistant, texts, inputOf } from './advanced/fixtures.js';
export { runStoreConformanceSuite } from './store-suite.js';
export type { StoreConformanceTarget, RawStoreReader, RawSessionRow, RawMessageRow } from './store-target.js';
export { advancedArchive, comparable } from './store-harness.js';
export { runEncryptionConformanceSuite } from './encryption-suite.js';
export type { EncryptionConformanceTarget } from './encryption-target.js';
export { pruneUnderLoad, type PruneUnderLoadOptions, type PruneUnderLoadFigures } from './load/prune-under-load.js';
