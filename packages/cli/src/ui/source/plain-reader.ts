import { normalizeForSearch, searchTextOf, type SessionStore, type TurnRangeItem } from '@sessions/core';
import { notFound, usageError } from '../../cli-error.js';
import { MAIN_BRANCH } from '../../session-view.js';
import type { SessionOverview, SessionPage, SessionQuery, StoreInfo, StoreUsage, TurnPage, UsagePage } from '../api-types.js';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';
import type { InspectorReader, TurnPageRequest } from './reader.js';
import { listSessionPage } from './session-list.js';
import { turnViews } from './turn-views.js';
import { NO_USAGE } from './usage-view.js';

const EVERY_TURN = { fromTurn: 0, toTurn: Number.MAX_SAFE_INTEGER };

/**
 * A plain store (`@sessions/sqlite`, or a server without the advanced
 * tables): one history per session, an owner, no usage and no metadata. Its
 * `readTurns` numbers a session's items in process, so a page of turns costs
 * a read of the session: the page reads it once and cuts the page from it.
 */
export class PlainReader implements InspectorReader {
  constructor(
    readonly store: SessionStore,
    readonly display: string,
  ) {}

  info(): StoreInfo {
    const { kind } = this.store;
    return {
      kind,
      display: this.display,
      holds: { branches: false, usage: false, metadata: false, owner: true },
      sorts: ['updated', 'created', 'items'],
      turnIndex: true,
      lacks: [
        `A ${kind} store keeps one history per session: no branches.`,
        `It records no token usage, so there is no cost to show.`,
        `It keeps no metadata.`,
      ],
    };
  }

  listSessions(query: SessionQuery): Promise<SessionPage> {
    return listSessionPage(this.store, this.info(), query, {
      details: async (rows) => rows.map((row) => ({ sessionId: row.sessionId, createdAt: row.createdAt, updatedAt: row.updatedAt, items: row.itemCount, owner: row.owner })),
      mentions: (sessionId, term) => this.mentions(sessionId, term),
    });
  }

  /** Whether the session holds an item whose text contains `term`, compared as `findTurnsByContent` compares. */
  async mentions(sessionId: string, term: string): Promise<boolean> {
    const needle = normalizeForSearch(term);
    return (await this.store.readTurns(sessionId, MAIN_BRANCH, EVERY_TURN)).some((row) => {
      try {
        return searchTextOf(JSON.parse(row.data)).includes(needle);
      } catch {
        return false; // a row that is not JSON has no text to match
      }
    });
  }

  async session(sessionId: string): Promise<SessionOverview> {
    const archive = await this.store.readArchive(sessionId);
    if (!archive) throw notFound(`unknown session ${JSON.stringify(sessionId)}`);
    const items = archive.branches[0]?.items ?? [];
    const rows = await this.store.readTurns(sessionId, MAIN_BRANCH, EVERY_TURN);
    return {
      sessionId,
      createdAt: archive.createdAt,
      updatedAt: archive.updatedAt,
      owner: archive.owner,
      metadata: null,
      items: items.length,
      branches: [{ branchId: MAIN_BRANCH, parentBranchId: null, fromTurn: null, createdAt: archive.createdAt, turns: lastTurn(rows), items: items.length }],
    };
  }

  async turns(sessionId: string, branchId: string, page: TurnPageRequest): Promise<TurnPage> {
    if (branchId !== MAIN_BRANCH) throw notFound(`a ${this.store.kind} store has no branches: session ${JSON.stringify(sessionId)} has only main`);
    const all = await this.store.readTurns(sessionId, MAIN_BRANCH, EVERY_TURN);
    if (all.length === 0 && !(await this.store.readArchive(sessionId))) throw notFound(`unknown session ${JSON.stringify(sessionId)}`);
    const turnCount = lastTurn(all);
    const fromTurn = page.cursor !== undefined ? decodePageCursor(page.cursor, ['turn']).turn : Math.min(page.fromTurn ?? 0, turnCount);
    // Turn 0 (items before the first user message) comes with the first page and does not count.
    const toTurn = fromTurn === 0 ? page.limit : fromTurn + page.limit - 1;
    const rows = all.filter((row) => row.turn >= fromTurn && row.turn <= toTurn);
    return {
      sessionId,
      branchId,
      turns: turnViews(sessionId, rows, () => false),
      turnCount,
      ...(toTurn < turnCount ? { nextCursor: encodePageCursor({ turn: toTurn + 1 }) } : {}),
    };
  }

  async usage(): Promise<UsagePage> {
    throw usageError(`a ${this.store.kind} store records no token usage`);
  }

  async storeUsage(): Promise<StoreUsage> {
    return { recordsUsage: false, sessions: 0, total: NO_USAGE, byModel: [] };
  }
}

function lastTurn(rows: readonly TurnRangeItem[]): number {
  return rows.length === 0 ? 0 : rows[rows.length - 1]!.turn;
}
