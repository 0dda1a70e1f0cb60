import { itemText } from '@sessions/core';
import { usageError } from '../../cli-error.js';
import { pageSessions, rowsMentioning, type BasicSessionRow, type BasicSort } from '../../stores/basic-pages.js';
import type { SqlClient } from '../../stores/sql-client.js';
import type { SessionPage, SessionQuery, SessionRow, SortKey } from '../api-types.js';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';

/** What a store adds to the shared tables for the sessions list. */
export interface ListExtras {
  /** Sort keys beyond updated, created and items. */
  metric?: ((sort: Exclude<SortKey, BasicSort>) => Promise<Map<string, number>>) | undefined;
  /** Ids of the sessions whose metadata matches. */
  metadataMatches?: ((filter: Record<string, string>) => Promise<Set<string>>) | undefined;
  /** The columns the shared tables do not have, for one page of rows. */
  details(rows: BasicSessionRow[]): Promise<SessionRow[]>;
}

const BASIC_SORTS: readonly string[] = ['updated', 'created', 'items'] satisfies BasicSort[];
const isBasicSort = (sort: SortKey): sort is BasicSort => BASIC_SORTS.includes(sort);

/**
 * One page of the sessions list. Unfiltered and in an order of the shared
 * tables it is one LIMIT/OFFSET query. Filtered, or ordered by a figure of
 * another table (branches, tokens, cost), every session is ranked by its id,
 * times and counts (never its items) and the page cut from that ranking.
 */
export async function listSessionPage(sql: SqlClient, query: SessionQuery, extras: ListExtras): Promise<SessionPage> {
  if (query.owner !== undefined) throw usageError('this store keeps no session owners: the owner filter cannot apply');
  if (query.metadata !== undefined && !extras.metadataMatches) throw usageError('this store keeps no session metadata: the metadata filter cannot apply');
  const offset = query.cursor === undefined ? 0 : decodePageCursor(query.cursor, ['offset']).offset;
  const filtered = query.metadata !== undefined || query.search !== undefined;
  let rows: BasicSessionRow[];
  if (!filtered && isBasicSort(query.sort)) {
    rows = await pageSessions(sql, { sort: query.sort, order: query.order, limit: query.limit + 1, offset });
  } else {
    rows = await rankSessions(sql, query, extras);
    rows = rows.slice(offset, offset + query.limit + 1);
  }
  const more = rows.length > query.limit;
  const sessions = await extras.details(rows.slice(0, query.limit));
  return more ? { sessions, nextCursor: encodePageCursor({ offset: offset + query.limit }) } : { sessions };
}

async function rankSessions(sql: SqlClient, query: SessionQuery, extras: ListExtras): Promise<BasicSessionRow[]> {
  const sort = query.sort;
  let rows = await pageSessions(sql, { sort: isBasicSort(sort) ? sort : 'updated', order: query.order });
  if (query.search !== undefined) {
    const found = await sessionsMentioning(sql, query.search);
    rows = rows.filter((row) => found.has(row.sessionId));
  }
  if (query.metadata !== undefined) {
    const found = await extras.metadataMatches!(query.metadata);
    rows = rows.filter((row) => found.has(row.sessionId));
  }
  if (!isBasicSort(sort)) {
    if (!extras.metric) throw usageError(`this store cannot order sessions by ${sort}`);
    const figures = await extras.metric(sort);
    const sign = query.order === 'asc' ? 1 : -1;
    // Array.prototype.sort is stable: equal figures keep the most recently updated first.
    rows = [...rows].sort((a, b) => sign * ((figures.get(a.sessionId) ?? 0) - (figures.get(b.sessionId) ?? 0)));
  }
  return rows;
}

/**
 * Sessions with an item whose readable text (`itemText`) contains `term`,
 * compared as advanced-sqlite's content search compares (NFKC, lower case).
 * The database picks the rows whose JSON text mentions it; each is confirmed here.
 */
export async function sessionsMentioning(sql: SqlClient, term: string): Promise<Set<string>> {
  const { normalizeForSearch } = await import('@sessions/advanced-sqlite');
  const needle = normalizeForSearch(term);
  const found = new Set<string>();
  for (const row of await rowsMentioning(sql, term)) {
    if (found.has(row.sessionId)) continue;
    try {
      if (normalizeForSearch(itemText(JSON.parse(row.data))).includes(needle)) found.add(row.sessionId);
    } catch {
      // A row that is not JSON has no text to match.
    }
  }
  return found;
}
