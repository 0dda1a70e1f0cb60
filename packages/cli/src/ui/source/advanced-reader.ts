import { MAIN_BRANCH, type AdvancedSessionBase, type BranchInfo, type SessionStore, type TurnRangeItem } from '@sessions/core';
import { notFound } from '../../cli-error.js';
import type { Pricer } from '../../session-view.js';
import type { BranchView, SessionOverview, SessionPage, SessionQuery, StoreInfo, StoreUsage, TurnPage, UsagePage } from '../api-types.js';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';
import type { InspectorReader, TurnPageRequest } from './reader.js';
import { PlainReader } from './plain-reader.js';
import { listSessionPage } from './session-list.js';
import { inheritedOn, turnViews } from './turn-views.js';
import { runUsageOf, usageBy, usageOf } from './usage-view.js';

/** Branches in creation order, main first (a restored session's main can be younger than its branches). */
function mainFirst(branches: BranchInfo[]): BranchInfo[] {
  return [...branches.filter((b) => b.branchId === MAIN_BRANCH), ...branches.filter((b) => b.branchId !== MAIN_BRANCH)];
}

/** A session a plain session class wrote into an advanced store: items, but no branch rows (main reads as empty). */
const writtenPlain = (branches: BranchInfo[]): boolean => branches.length === 0 || (branches.length === 1 && branches[0]!.messageCount === 0);

const latest = (times: readonly string[]): string => times.reduce((a, b) => (b > a ? b : a));

/**
 * An advanced store (an advanced SQLite file, PostgreSQL or MySQL with the
 * advanced tables), read through the store contract: `listSessions`,
 * `readTurns` (only the turns a page shows), `sumUsage`, and the advanced
 * session's `listBranches`, `getMetadata` and `findTurnsByContent`.
 */
export class AdvancedReader implements InspectorReader {
  /** For sessions a plain session class wrote: read as a plain store reads them. */
  readonly #plain: PlainReader;

  constructor(
    readonly store: SessionStore,
    readonly display: string,
    readonly price: Pricer,
  ) {
    this.#plain = new PlainReader(store, display);
  }

  async #withSession<T>(sessionId: string, read: (session: AdvancedSessionBase) => Promise<T>): Promise<T> {
    const session = this.store.openSession(sessionId) as AdvancedSessionBase;
    try {
      return await read(session);
    } finally {
      await session.close();
    }
  }

  info(): StoreInfo {
    return {
      kind: this.store.kind,
      display: this.display,
      holds: { branches: true, usage: true, metadata: true, owner: true },
      sorts: ['updated', 'created', 'items', 'branches', 'tokens', 'cost'],
      turnIndex: true,
      lacks: [],
    };
  }

  listSessions(query: SessionQuery): Promise<SessionPage> {
    return listSessionPage(this.store, this.info(), query, {
      metric: async (sort) => {
        const usage = usageBy(await this.store.sumUsage({ by: ['sessionId', 'model'] }), (row) => row.sessionId!, this.price);
        return new Map([...usage].map(([id, totals]) => [id, sort === 'tokens' ? totals.totalTokens : totals.cost]));
      },
      mentions: (sessionId, term) =>
        this.#withSession(sessionId, async (session) => {
          const branches = await session.listBranches();
          if (writtenPlain(branches)) return this.#plain.mentions(sessionId, term);
          for (const branch of branches) {
            if ((await session.findTurnsByContent(term, { branchId: branch.branchId })).length > 0) return true;
          }
          return false;
        }),
      details: (rows) =>
        Promise.all(
          rows.map(async (row) => ({
            sessionId: row.sessionId,
            createdAt: row.createdAt,
            updatedAt: row.updatedAt,
            items: row.itemCount,
            owner: row.owner,
            branches: row.branchCount,
            usage: usageOf(await this.store.sumUsage({ by: ['model'], sessionId: row.sessionId }), this.price),
            metadata: row.metadata && Object.keys(row.metadata).length > 0 ? row.metadata : null,
          })),
        ),
    });
  }

  /** A session's branches, main first; `undefined` for a session a plain session class wrote. */
  async #branches(sessionId: string): Promise<BranchInfo[] | undefined> {
    const branches = await this.#withSession(sessionId, (s) => s.listBranches());
    return writtenPlain(branches) ? undefined : mainFirst(branches);
  }

  async #branch(sessionId: string, branchId: string): Promise<BranchInfo> {
    const branches = await this.#branches(sessionId);
    if (!branches) {
      if (!(await this.store.readArchive(sessionId))) throw notFound(`unknown session ${JSON.stringify(sessionId)}`);
      if (branchId !== MAIN_BRANCH) throw notFound(`session ${JSON.stringify(sessionId)} has no branch ${JSON.stringify(branchId)}`);
      return { branchId, messageCount: 0, userTurns: 0, isCurrent: true, createdAt: '', parentBranchId: null, fromTurn: null };
    }
    const branch = branches.find((b) => b.branchId === branchId);
    if (!branch) throw notFound(`session ${JSON.stringify(sessionId)} has no branch ${JSON.stringify(branchId)}`);
    return branch;
  }

  /** The last items a branch reads (its last turn), for when the session was last written. */
  async #lastTurn(sessionId: string, branch: BranchInfo): Promise<TurnRangeItem[]> {
    return this.store.readTurns(sessionId, branch.branchId, { fromTurn: branch.userTurns, toTurn: branch.userTurns });
  }

  async session(sessionId: string): Promise<SessionOverview> {
    const branches = await this.#branches(sessionId);
    if (!branches) return { ...(await this.#plain.session(sessionId)), usage: usageOf([], this.price) };
    const metadata = await this.#withSession(sessionId, (s) => s.getMetadata());
    const usageRows = await this.store.sumUsage({ by: ['branchId', 'model'], sessionId });
    const perBranch = usageBy(usageRows, (r) => r.branchId!, this.price);
    const lastItems = (await Promise.all(branches.map((b) => this.#lastTurn(sessionId, b)))).flat();
    const created = branches.map((b) => b.createdAt);
    return {
      sessionId,
      createdAt: created.reduce((a, b) => (b < a ? b : a)),
      updatedAt: latest([...created, ...lastItems.map((row) => row.createdAt)]),
      metadata: Object.keys(metadata).length > 0 ? metadata : null,
      items: branches[0]!.branchId === MAIN_BRANCH ? branches[0]!.messageCount : 0,
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
    if (!(await this.#branches(sessionId))) return this.#plain.turns(sessionId, branchId, page);
    const branch = await this.#branch(sessionId, branchId);
    const fromTurn = page.cursor !== undefined ? decodePageCursor(page.cursor, ['turn']).turn : Math.min(page.fromTurn ?? 0, branch.userTurns);
    // Turn 0 (items before the first user message) comes with the first page and does not count.
    const toTurn = fromTurn === 0 ? page.limit : fromTurn + page.limit - 1;
    const rows = await this.store.readTurns(sessionId, branchId, { fromTurn, toTurn });
    const usage = usageBy(await this.store.sumUsage({ by: ['turn', 'model'], sessionId, branchId, fromTurn, toTurn }), (r) => r.turn!, this.price);
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
    const rows = await this.store.sumUsage({ by: ['turn', 'runId', 'model'], sessionId, branchId, fromTurn, toTurn });
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
    const rows = await this.store.sumUsage({ by: ['model'] });
    return {
      recordsUsage: true,
      sessions: (await this.store.sumUsage({ by: ['sessionId'] })).length,
      total: usageOf(rows, this.price),
      byModel: rows.map((row) => {
        const usage = usageOf([row], this.price);
        return { ...usage, model: row.model ?? null, priced: usage.unpricedRuns === 0 };
      }),
    };
  }
}
