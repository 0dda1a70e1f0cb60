import type { SessionStore, StoreListOptions, StoreSessionSummary } from '@sessions/core';
import { usageError } from '../../cli-error.js';
import type { SessionPage, SessionQuery, SessionRow, SortKey, StoreInfo } from '../api-types.js';
import { decodeListCursor, encodePageCursor } from './page-cursor.js';

/** What a reader adds to the store's list for the sessions page. */
export interface ListExtras {
  /** The columns of one page of sessions beyond the store's summary. */
  details(rows: StoreSessionSummary[]): Promise<SessionRow[]>;
  /** Whether a session holds an item whose text contains `term`, compared as `findTurnsByContent` compares. */
  mentions(sessionId: string, term: string): Promise<boolean>;
  /** A figure per session for the orders the summary does not give (tokens, cost). */
  metric?: ((sort: 'tokens' | 'cost') => Promise<Map<string, number>>) | undefined;
}

/** Sessions looked at per request while searching by content; the page's cursor continues from there. */
export const SEARCH_BUDGET = 100;
/** Sessions per store call while ranking by another order than the store's. */
const RANK_PAGE = 1000;

/** A place in the sequence of sessions: a store cursor and sessions to skip after it (or an offset into a ranking). */
interface Position {
  list?: string | undefined;
  skip: number;
}

interface Step {
  summary: StoreSessionSummary;
  /** Where the next session is; `undefined` after the last one. */
  after: Position | undefined;
}

/** Metadata filter values: JSON scalars when they read as one (42, true, null, "quoted"), text otherwise. */
function metadataValue(text: string): string | number | boolean | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as string | number | boolean | null;
  } catch {
    // plain text
  }
  return text;
}

function storeFilter(query: SessionQuery, info: StoreInfo): StoreListOptions {
  if (query.metadata !== undefined && !info.holds.metadata) throw usageError(`a ${info.kind} store keeps no session metadata: the metadata filter cannot apply`);
  return {
    owner: query.owner,
    metadata: query.metadata && Object.fromEntries(Object.entries(query.metadata).map(([key, value]) => [key, metadataValue(value)])),
  };
}

/** The store's own order (newest update first), page after page from `from`. */
async function* storeOrder(store: SessionStore, filter: StoreListOptions, from: Position, pageSize: number): AsyncGenerator<Step> {
  let { list, skip } = from;
  for (;;) {
    const page = await store.listSessions({ ...filter, limit: pageSize, cursor: list });
    for (let i = skip; i < page.sessions.length; i++) {
      const last = i === page.sessions.length - 1;
      const after = !last ? { list, skip: i + 1 } : page.nextCursor !== undefined ? { skip: 0, list: page.nextCursor } : undefined;
      yield { summary: page.sessions[i]!, after };
    }
    if (page.nextCursor === undefined) return;
    list = page.nextCursor;
    skip = 0;
  }
}

const SUMMARY_FIGURES: Partial<Record<SortKey, (s: StoreSessionSummary) => number>> = {
  updated: (s) => Date.parse(s.updatedAt),
  created: (s) => Date.parse(s.createdAt),
  items: (s) => s.itemCount,
  branches: (s) => s.branchCount,
};

/**
 * Another order: every session's summary (ids, times and counts, never its
 * items) ranked, newest update first among equals, and walked from an offset.
 */
async function* rankedOrder(store: SessionStore, filter: StoreListOptions, query: SessionQuery, extras: ListExtras, from: Position): AsyncGenerator<Step> {
  const all: StoreSessionSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listSessions({ ...filter, limit: RANK_PAGE, cursor });
    all.push(...page.sessions);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const fromSummary = SUMMARY_FIGURES[query.sort];
  let figure: (s: StoreSessionSummary) => number;
  if (fromSummary) figure = fromSummary;
  else {
    const figures = await extras.metric!(query.sort as 'tokens' | 'cost');
    figure = (s) => figures.get(s.sessionId) ?? 0;
  }
  const sign = query.order === 'asc' ? 1 : -1;
  // Array.prototype.sort is stable: equal figures keep the store's order.
  const ranked = all.map((summary) => ({ summary, figure: figure(summary) })).sort((a, b) => sign * (a.figure - b.figure));
  for (let i = from.skip; i < ranked.length; i++) {
    yield { summary: ranked[i]!.summary, after: i + 1 < ranked.length ? { skip: i + 1 } : undefined };
  }
}

/**
 * One page of the sessions list. In the store's order (newest update first)
 * it is one `listSessions` call with the owner and metadata filters; other
 * orders rank the sessions' summaries. A content search looks at up to
 * SEARCH_BUDGET sessions per request in that order, so a page may hold fewer
 * matches than asked (even none) and still have a `nextCursor` to search on.
 */
export async function listSessionPage(store: SessionStore, info: StoreInfo, query: SessionQuery, extras: ListExtras): Promise<SessionPage> {
  if (!info.sorts.includes(query.sort)) throw usageError(`a ${info.kind} store cannot order sessions by ${query.sort}`);
  const filter = storeFilter(query, info);
  const from: Position = query.cursor === undefined ? { skip: 0 } : decodeListCursor(query.cursor);
  const inStoreOrder = query.sort === 'updated' && query.order === 'desc';
  const steps = inStoreOrder ? storeOrder(store, filter, from, query.limit) : rankedOrder(store, filter, query, extras, from);
  const found: StoreSessionSummary[] = [];
  let next: Position | undefined;
  let looked = 0;
  for await (const { summary, after } of steps) {
    looked++;
    if (query.search === undefined || (await extras.mentions(summary.sessionId, query.search))) found.push(summary);
    next = after;
    if (found.length === query.limit || (query.search !== undefined && looked === SEARCH_BUDGET)) break;
  }
  const sessions = await extras.details(found);
  return next === undefined ? { sessions } : { sessions, nextCursor: encodePageCursor({ ...next }) };
}
