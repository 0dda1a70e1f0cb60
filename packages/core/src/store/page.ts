import { encodeCursor } from '../session-listing.js';
import type { StorePage, StoreSessionSummary } from './contract.js';

/**
 * A page from the rows a store read with `LIMIT limit + 1`: the extra row
 * only says that more follow. `position` is the last row's `updated_at` in
 * the store's own text form (what its cursor compares).
 */
export function storePage<R>(
  rows: R[],
  limit: number,
  summary: (row: R) => StoreSessionSummary,
  position: (row: R) => string,
): StorePage {
  const page = rows.slice(0, limit);
  const sessions = page.map(summary);
  const last = page[page.length - 1];
  if (rows.length <= limit || last === undefined) return { sessions };
  return { sessions, nextCursor: encodeCursor(position(last), sessions[sessions.length - 1]!.sessionId) };
}
