const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * An instant as SQLite stores keep it: ISO-8601 UTC with milliseconds, the
 * form `strftime('%Y-%m-%dT%H:%M:%fZ')` writes, so text order is time order.
 * Finer digits (PostgreSQL's microseconds) are cut to the millisecond.
 */
export function sqliteTime(instant: string): string {
  return CANONICAL.test(instant) ? instant : new Date(instant).toISOString();
}

/** The cursor position pattern of SQLite listings (any stored `updated_at` text of ours). */
export const SQLITE_POSITION = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
