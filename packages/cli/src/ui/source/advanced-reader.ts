import { AdvancedSQLiteSession, readBranchTurns, sumUsage, type BranchInfo } from '@sessions/advanced-sqlite';
import { notFound } from '../../cli-error.js';
import type { Pricer } from '../../session-view.js';
import type { AdvancedStore } from '../../stores/advanced-store.js';
import { BasicTables } from '../../stores/basic-tables.js';
import { countItems, countSessions } from '../../stores/basic-pages.js';
import type { BranchView, SessionOverview, SessionPage, SessionQuery, StoreInfo, StoreUsage, TurnPage, UsagePage } from '../api-types.js';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';
import type { InspectorReader, TurnPageRequest } from './reader.js';
import { listSessionPage } from './session-list.js';
import { inheritedOn, turnViews } from './turn-views.js';
import { runUsageOf, usageBy, usageOf } from './usage-view.js';

/** Sessions per listSessions call while ranking by branches or matching metadata (the API's largest page). */
const LIST_PAGE = 1000;

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

/** Branches in creation order, main first (a restored session's main can be younger than its branches). */
function mainFirst(branches: BranchInfo[]): BranchInfo[] {
  return [...branches.filter((b) => b.branchId === 'main'), ...branches.filter((b) => b.branchId !== 'main')];
}

/**
 * An @sessions/advanced-sqlite file, read through that package's API:
 * `AdvancedSQLiteSession` (branches, metadata, listSessions) and its
 * read-only `readBranchTurns` and `sumUsage`.
 */
export class AdvancedReader implements InspectorReader {
  readonly #tables: BasicTables;

  constructor(
    readonly store: AdvancedStore,
    readonly price: Pricer,
  ) {
    this.#tables = new BasicTables(store.sql);
  }

  get #db() {
    return this.store.sql.connection.db;
  }

  async #withSession<T>(sessionId: string, read: (session: AdvancedSQLiteSession) => Promise<T>): Promise<T> {
    const session = new AdvancedSQLiteSession(sessionId, { path: this.store.location.path });
    try {
      return await read(session);
    } finally {
      await session.close();
    }
  }

  /** Every listSessions row, page after page. */
  async *#allSessions(metadata?: Record<string, string | number | boolean | null>) {
    let cursor: string | undefined;
    do {
      const page = await this.#withSession('sessions-ui', (s) => s.listSessions({ limit: LIST_PAGE, cursor, metadata }));
      yield* page;
      cursor = page.length === LIST_PAGE ? page[page.length - 1]!.cursor : undefined;
    } while (cursor !== undefined);
  }

  info(): StoreInfo {
    return {
      kind: 'advanced-sqlite',
      display: this.store.location.display,
      holds: { branches: true, usage: true, metadata: true, owner: false },
      sorts: ['updated', 'created', 'items', 'branches', 'tokens', 'cost'],
      turnIndex: true,
      lacks: ['An advanced-sqlite file keeps no session owners (filter by metadata instead).'],
    };
  }

  listSessions(query: SessionQuery): Promise<SessionPage> {
    return listSessionPage(this.store.sql, query, {
      metric: async (sort) => {
        const figures = new Map<string, number>();
        if (sort === 'branches') {
          for await (const row of this.#allSessions()) figures.set(row.sessionId, row.branchCount);
          return figures;
        }
        const usage = usageBy(sumUsage(this.#db, { by: ['sessionId', 'model'] }), (row) => row.sessionId!, this.price);
        for (const [id, totals] of usage) figures.set(id, sort === 'tokens' ? totals.totalTokens : totals.cost);
        return figures;
      },
      metadataMatches: async (filter) => {
        const parsed = Object.fromEntries(Object.entries(filter).map(([key, value]) => [key, metadataValue(value)]));
        const ids = new Set<string>();
        for await (const row of this.#allSessions(parsed)) ids.add(row.sessionId);
        return ids;
      },
      details: (rows) =>
        Promise.all(
          rows.map(async (row) => {
            const [branches, metadata] = await this.#withSession(row.sessionId, async (s) => [await s.listBranches(), await s.getMetadata()] as const);
            const usage = usageOf(sumUsage(this.#db, { by: ['model'], sessionId: row.sessionId }), this.price);
            return { ...row, branches: branches.length, usage, metadata: Object.keys(metadata).length > 0 ? metadata : null };
          }),
        ),
    });
  }

  async #branches(sessionId: string): Promise<BranchInfo[]> {
    if (!(await this.#tables.readSessionRow(sessionId))) throw notFound(`unknown session ${JSON.stringify(sessionId)}`);
    return mainFirst(await this.#withSession(sessionId, (s) => s.listBranches()));
  }

  async #branch(sessionId: string, branchId: string): Promise<BranchInfo> {
    const branch = (await this.#branches(sessionId)).find((b) => b.branchId === branchId);
    if (!branch) throw notFound(`session ${JSON.stringify(sessionId)} has no branch ${JSON.stringify(branchId)}`);
    return branch;
  }

  async session(sessionId: string): Promise<SessionOverview> {
    const row = await this.#tables.readSessionRow(sessionId);
    if (!row) throw notFound(`unknown session ${JSON.stringify(sessionId)}`);
    const [branches, metadata] = await this.#withSession(sessionId, async (s) => [mainFirst(await s.listBranches()), await s.getMetadata()] as const);
    const usageRows = sumUsage(this.#db, { by: ['branchId', 'model'], sessionId });
    const perBranch = usageBy(usageRows, (r) => r.branchId!, this.price);
    return {
      sessionId,
      ...row,
      metadata: Object.keys(metadata).length > 0 ? metadata : null,
      items: await countItems(this.store.sql, sessionId),
      branches: branches.map(
        (b): BranchView => ({
          branchId: b.branchId,
          parentBranchId: b.parentBranchId,
          fromTurn: b.fromTurn,
          createdAt: b.createdAt,
          turns: b.userTurns,
          items: b.messageCount,
          ...(perBranch.has(b.branchId) ? { usage: perBranch.get(b.branchId) } : {}),
        }),
      ),
      usage: usageOf(usageRows, this.price),
    };
  }

  async turns(sessionId: string, branchId: string, page: TurnPageRequest): Promise<TurnPage> {
    const branch = await this.#branch(sessionId, branchId);
    const fromTurn = page.cursor !== undefined ? decodePageCursor(page.cursor, ['turn']).turn : Math.min(page.fromTurn ?? 0, branch.userTurns);
    // Turn 0 (items before the first user message) comes with the first page and does not count.
    const toTurn = fromTurn === 0 ? page.limit : fromTurn + page.limit - 1;
    const rows = readBranchTurns(this.#db, sessionId, branchId, { fromTurn, toTurn });
    const usage = usageBy(sumUsage(this.#db, { by: ['turn', 'model'], sessionId, branchId, fromTurn, toTurn }), (r) => r.turn!, this.price);
    return {
      sessionId,
      branchId,
      turns: turnViews(sessionId, rows, inheritedOn(branch), usage),
      turnCount: branch.userTurns,
      ...(toTurn < branch.userTurns ? { nextCursor: encodePageCursor({ turn: toTurn + 1 }) } : {}),
    };
  }

  async usage(sessionId: string, branchId: string, range: { fromTurn: number; limit: number }): Promise<UsagePage> {
    const branch = await this.#branch(sessionId, branchId);
    const fromTurn = Math.max(0, Math.min(range.fromTurn, branch.userTurns));
    const toTurn = fromTurn + range.limit - 1;
    const rows = sumUsage(this.#db, { by: ['turn', 'runId', 'model'], sessionId, branchId, fromTurn, toTurn });
    const perTurn = usageBy(rows, (r) => r.turn!, this.price);
    return {
      sessionId,
      branchId,
      fromTurn,
      toTurn,
      turnCount: branch.userTurns,
      turns: [...perTurn].map(([turn, usage]) => ({ turn, usage, runs: rows.filter((r) => r.turn === turn).map((r) => runUsageOf(r, this.price)) })),
    };
  }

  async storeUsage(): Promise<StoreUsage> {
    const rows = sumUsage(this.#db, { by: ['model'] });
    return {
      recordsUsage: true,
      sessions: await countSessions(this.store.sql),
      total: usageOf(rows, this.price),
      byModel: rows.map((row) => {
        const usage = usageOf([row], this.price);
        return { ...usage, model: row.model ?? null, priced: usage.unpricedRuns === 0 };
      }),
    };
  }
}
