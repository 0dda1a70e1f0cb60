import { opensUserTurn, parseStoredItem } from '@sessions/core';
import { notFound, usageError } from '../../cli-error.js';
import { MAIN_BRANCH } from '../../session-view.js';
import type { BasicStore } from '../../stores/basic-store.js';
import { countItems, countSessions, readRowsAfter, type StoredRow } from '../../stores/basic-pages.js';
import type { SessionOverview, SessionPage, SessionQuery, StoreInfo, StoreUsage, TurnPage, UsagePage } from '../api-types.js';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';
import type { InspectorReader, TurnPageRequest } from './reader.js';
import { listSessionPage } from './session-list.js';
import { turnViews, type NumberedRow } from './turn-views.js';
import { NO_USAGE } from './usage-view.js';

/** Rows read per round trip while filling a page. */
const CHUNK = 200;
/** A page stops after this many items even inside a turn; the next page continues that turn. */
const MAX_PAGE_ITEMS = 500;

/**
 * A store with only the shared tables (@sessions/sqlite, @sessions/postgres,
 * @sessions/mysql): one branch, no usage, no metadata, and turns that are
 * numbered while reading, so a conversation is read from its start on.
 */
export class PlainReader implements InspectorReader {
  constructor(readonly store: BasicStore) {}

  info(): StoreInfo {
    const { kind, location } = this.store;
    return {
      kind,
      display: location.display,
      holds: { branches: false, usage: false, metadata: false, owner: false },
      sorts: ['updated', 'created', 'items'],
      turnIndex: false,
      lacks: [
        `A ${kind} store keeps one history per session: no branches.`,
        `It records no token usage, so there is no cost to show.`,
        `It keeps no metadata and no owners.`,
      ],
    };
  }

  listSessions(query: SessionQuery): Promise<SessionPage> {
    return listSessionPage(this.store.sql, query, { details: async (rows) => rows });
  }

  async session(sessionId: string): Promise<SessionOverview> {
    const row = await this.store.tables.readSessionRow(sessionId);
    if (!row) throw notFound(`unknown session ${JSON.stringify(sessionId)}`);
    const items = await countItems(this.store.sql, sessionId);
    return {
      sessionId,
      ...row,
      metadata: null,
      items,
      branches: [{ branchId: MAIN_BRANCH, parentBranchId: null, fromTurn: null, createdAt: row.createdAt, turns: null, items }],
    };
  }

  async turns(sessionId: string, branchId: string, page: TurnPageRequest): Promise<TurnPage> {
    if (branchId !== MAIN_BRANCH) throw notFound(`a ${this.store.kind} store has no branches: session ${JSON.stringify(sessionId)} has only main`);
    if (page.fromTurn !== undefined && page.fromTurn > 0) throw usageError(`a ${this.store.kind} store does not number turns: read the conversation from its start`);
    if (!(await this.store.tables.readSessionRow(sessionId))) throw notFound(`unknown session ${JSON.stringify(sessionId)}`);
    const start = page.cursor === undefined ? { after: 0, turn: 0 } : decodePageCursor(page.cursor, ['after', 'turn']);
    const rows: NumberedRow[] = [];
    let { after, turn } = start;
    let opened = 0;
    let more = false;
    fill: for (;;) {
      const chunk: StoredRow[] = await readRowsAfter(this.store.sql, sessionId, after, CHUNK);
      for (const row of chunk) {
        const opens = opensUserTurn(parseStoredItem(sessionId, row.data, row.id));
        if ((opens && opened === page.limit) || rows.length === MAX_PAGE_ITEMS) {
          more = true;
          break fill;
        }
        if (opens) {
          turn++;
          opened++;
        }
        rows.push({ turn, data: row.data, createdAt: row.createdAt });
        after = row.id;
      }
      if (chunk.length < CHUNK) break;
    }
    return {
      sessionId,
      branchId,
      turns: turnViews(sessionId, rows, () => false),
      turnCount: null,
      ...(more ? { nextCursor: encodePageCursor({ after, turn }) } : {}),
    };
  }

  async usage(): Promise<UsagePage> {
    throw usageError(`a ${this.store.kind} store records no token usage`);
  }

  async storeUsage(): Promise<StoreUsage> {
    return { recordsUsage: false, sessions: await countSessions(this.store.sql), total: NO_USAGE, byModel: [] };
  }
}
