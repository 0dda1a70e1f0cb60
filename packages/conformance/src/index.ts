export { runConformanceSuite } from './suite.js';
export type { ConformanceTarget, CreateSessionOptions, RawStorageReader, BranchingCapability } from './target.js';
export type { SessionUnderTest, SuiteMode } from './harness.js';
export { userMessage, assistantMessage, functionCallItem, functionResultItem, numberedItems, textOf, benchmarkTurn } from './items.js';
export { runStoreConformanceSuite } from './store-suite.js';
export type { StoreConformanceTarget, RawStoreReader, RawSessionRow, RawMessageRow } from './store-target.js';
export { advancedArchive, comparable } from './store-harness.js';
