import { SessionError, type ArchivedUsage, type JsonObject, type StoreArchive, type StoreArchiveInput } from '@sessions/core';
import type { SessionRecord, UsageRecord } from './records.js';

/**
 * Between the store contract's session archives and the CLI's records.
 * A usage row travels under the names of export format version 1 (the
 * advanced-sqlite column names when the format was made), in this order; the
 * format stays the same whatever the package's tables become.
 */
const USAGE_KEYS = {
  branch_id: 'branchId',
  turn: 'turn',
  run_id: 'runId',
  model: 'model',
  requests: 'requests',
  input_tokens: 'inputTokens',
  cached_input_tokens: 'cachedInputTokens',
  output_tokens: 'outputTokens',
  reasoning_tokens: 'reasoningTokens',
  total_tokens: 'totalTokens',
  input_tokens_details: 'inputTokensDetails',
  output_tokens_details: 'outputTokensDetails',
  created_at: 'createdAt',
} as const satisfies Record<string, keyof ArchivedUsage>;

type UsageKey = keyof typeof USAGE_KEYS;
const isUsageKey = (key: string): key is UsageKey => Object.hasOwn(USAGE_KEYS, key);

/** Main's items and every other branch with its whole history, as the CLI reads them. */
export function recordOfArchive(archive: StoreArchive): SessionRecord {
  const { sessionId, owner, createdAt, updatedAt, metadata } = archive;
  const main = archive.branches.find((b) => b.branchId === 'main');
  return {
    sessionId,
    owner,
    ...(main ? { mainCreatedAt: main.createdAt } : {}),
    createdAt,
    updatedAt,
    metadata,
    items: main?.items ?? [],
    branches: archive.branches
      .filter((b) => b !== main)
      .map(({ branchId, parentBranchId, fromTurn, createdAt: at, items }) => ({ branchId, parentBranchId, fromTurn, createdAt: at, items })),
    usage: archive.usage.map((row) => {
      const record: UsageRecord = {};
      for (const [key, field] of Object.entries(USAGE_KEYS)) record[key] = row[field];
      return record;
    }),
  };
}

/**
 * A record as an archive to write. Without `mainCreatedAt` (an export made
 * before it was kept), `main` is created at the time of writing. Usage keys outside the
 * format's are refused; keys that are not snake_case column names are ignored.
 */
export function archiveOfRecord(record: SessionRecord): StoreArchiveInput {
  const { sessionId } = record;
  return {
    sessionId,
    owner: record.owner,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    metadata: record.metadata as JsonObject | null,
    branches: [
      ...(record.items.length > 0 || record.branches.length > 0 ? [{ branchId: 'main', parentBranchId: null, fromTurn: null, createdAt: record.mainCreatedAt, items: record.items }] : []),
      ...record.branches.map(({ branchId, parentBranchId, fromTurn, createdAt, items }) => ({ branchId, parentBranchId, fromTurn, createdAt, items })),
    ],
    usage: record.usage.map((row, i) => {
      const usage: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) {
        if (!/^[a-z_]+$/.test(key)) continue;
        if (!isUsageKey(key)) throw new SessionError('INVALID_ARGUMENT', `usage row ${i} has a column ${JSON.stringify(key)} no store keeps`, { sessionId });
        usage[USAGE_KEYS[key]] = value;
      }
      return usage as StoreArchiveInput['usage'][number];
    }),
  };
}
