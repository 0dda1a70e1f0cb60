import type { StoreArchiveInput } from '@sessions/core';
import { sqliteTime } from '@sessions/sqlite';

const maybe = (instant: string | undefined) => (instant === undefined ? undefined : sqliteTime(instant));

/** An archive with every timestamp in the form SQLite stores keep (ISO-8601 UTC, milliseconds), so text order stays time order. */
export function sqliteArchiveTimes(archive: StoreArchiveInput): StoreArchiveInput {
  return {
    ...archive,
    createdAt: sqliteTime(archive.createdAt),
    updatedAt: sqliteTime(archive.updatedAt),
    branches: archive.branches.map((branch) => ({
      ...branch,
      createdAt: maybe(branch.createdAt),
      items: branch.items.map((item) => ({ ...item, createdAt: sqliteTime(item.createdAt) })),
    })),
    usage: archive.usage.map((row) => ({ ...row, createdAt: maybe(row.createdAt) })),
  };
}
