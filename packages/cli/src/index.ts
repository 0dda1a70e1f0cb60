export { runCli } from './cli.js';
export { ExitCode, type ExitCodeValue } from './exit-codes.js';
export { CliError } from './cli-error.js';
export { parseStoreUrl, type StoreUrl, type Dialect } from './store-url.js';
export { EXPORT_FORMAT, EXPORT_VERSION, ExportReader, headerLine, sessionLines } from './export-format.js';
export type { SessionRecord, StoredItem, BranchRecord, UsageRecord } from './stores/records.js';
export type { Io } from './io.js';
