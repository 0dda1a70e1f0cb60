import { AdvancedSQLiteSession, type JsonObject } from '@sessions/advanced-sqlite';
import { SessionError, itemKind, parseStoredItem } from '@sessions/core';
import type { SqliteConnection } from '@sessions/sqlite';
import type { StoreUrl } from '../store-url.js';
import { AdvancedTables } from './advanced-tables.js';
import { BasicTables } from './basic-tables.js';
import type { BranchRecord, SessionPage, SessionRecord, StoredItem } from './records.js';
import type { SqlClient } from './sql-client.js';
import type { Store } from './store.js';

const canonical = (data: string) => JSON.stringify(sortKeys(JSON.parse(data)));
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Parents before children, so each branch is created from a branch that already exists. */
function creationOrder(branches: BranchRecord[]): BranchRecord[] {
  const ids = new Set(branches.map((b) => b.branchId));
  const placed = new Set(['main']);
  const ordered: BranchRecord[] = [];
  let pending = [...branches];
  while (pending.length > 0) {
    const ready = pending.filter((b) => b.parentBranchId === null || !ids.has(b.parentBranchId) || placed.has(b.parentBranchId));
    // A cycle cannot come from a real store; break it by taking the rest as children of main.
    const next = ready.length > 0 ? ready : pending;
    for (const b of next) {
      ordered.push(b);
      placed.add(b.branchId);
    }
    pending = pending.filter((b) => !placed.has(b.branchId));
  }
  return ordered;
}

/**
 * A SQLite file with @sessions/advanced-sqlite's tables: branches, usage and
 * metadata. Reads go to the tables (advanced-tables.ts); writes go through
 * AdvancedSQLiteSession's API, all inside one transaction the CLI opens on the
 * same shared connection (the API's own transactions become savepoints), so a
 * session is written whole or not at all.
 */
export class AdvancedStore implements Store {
  readonly kind = 'advanced-sqlite' as const;
  readonly holds = { branches: true, usage: true, metadata: true };
  readonly #tables: AdvancedTables;
  readonly #basic: BasicTables;

  constructor(
    readonly location: StoreUrl & { dialect: 'sqlite' },
    readonly sql: SqlClient & { connection: SqliteConnection },
  ) {
    this.#tables = new AdvancedTables(sql.connection.db);
    this.#basic = new BasicTables(sql);
  }

  #session(id: string): AdvancedSQLiteSession {
    return new AdvancedSQLiteSession(id, { path: this.location.path });
  }

  async listSessions(options: { limit: number; cursor?: string | undefined }): Promise<SessionPage> {
    const session = this.#session('sessions-cli');
    try {
      // One extra row tells whether a next page exists (the API pages up to 1000).
      const fetch = Math.min(options.limit + 1, 1000);
      const rows = await session.listSessions({ limit: fetch, cursor: options.cursor });
      const page = rows.slice(0, options.limit);
      const sessions = page.map(({ sessionId, createdAt, updatedAt, itemCount, branchCount, metadata }) => ({
        sessionId,
        createdAt,
        updatedAt,
        itemCount,
        branchCount,
        metadata,
      }));
      const last = page[page.length - 1];
      const more = rows.length > options.limit || (fetch === options.limit && rows.length === fetch);
      return more && last ? { sessions, nextCursor: last.cursor } : { sessions };
    } finally {
      await session.close();
    }
  }

  async branchOwner(branchId: string): Promise<string | undefined> {
    const [row] = await this.sql.all<{ session_id: string }>(`SELECT session_id FROM advanced_branches WHERE branch_id = ? AND branch_id <> 'main'`, [branchId]);
    return row?.session_id;
  }

  allSessionIds(): Promise<string[]> {
    return this.#basic.allSessionIds();
  }

  async readSession(sessionId: string): Promise<SessionRecord | undefined> {
    const row = await this.#basic.readSessionRow(sessionId);
    if (!row) return undefined;
    const { items, branches } = this.#tables.history(sessionId);
    return { sessionId, ...row, metadata: this.#tables.metadata(sessionId), items, branches, usage: this.#tables.usage(sessionId) };
  }

  async writeSession(record: SessionRecord, options: { replace: boolean }): Promise<void> {
    const { sessionId } = record;
    await this.sql.transaction(async () => {
      if (await this.#basic.readSessionRow(sessionId)) {
        if (!options.replace) throw new SessionError('CONFLICT', 'the destination already holds a session with this id', { sessionId });
        await this.#basic.deleteSession(sessionId);
      }
      const session = this.#session(sessionId);
      try {
        if (record.items.length > 0) await session.addItems(record.items.map((item, i) => parseStoredItem(sessionId, item.data, i)));
        const histories = new Map<string, StoredItem[]>([['main', record.items]]);
        for (const branch of creationOrder(record.branches)) {
          await this.#createBranch(session, branch, histories);
          histories.set(branch.branchId, branch.items);
        }
        if (record.metadata !== null) await session.setMetadata(record.metadata as JsonObject);
      } finally {
        await session.close();
      }
      this.#tables.insertUsage(sessionId, record.usage);
      if (!(await this.#basic.readSessionRow(sessionId))) {
        // A session with no items, branches or metadata: just its row.
        await this.sql.run(`INSERT INTO agent_sessions (session_id) VALUES (?)`, [sessionId]);
      }
      await this.sql.run(`UPDATE agent_sessions SET created_at = ?, updated_at = ? WHERE session_id = ?`, [record.createdAt, record.updatedAt, sessionId]);
      this.#tables.restoreBranch(sessionId, { branchId: 'main', parentBranchId: null, fromTurn: null, createdAt: record.createdAt }, record.items);
      for (const branch of record.branches) this.#tables.restoreBranch(sessionId, branch, branch.items);
    });
  }

  /**
   * Recreates a branch through the API so it shares its parent's history the
   * way the store shares it (nothing copied): fork at the last turn boundary
   * the two histories have in common, then add the branch's own items.
   */
  async #createBranch(session: AdvancedSQLiteSession, branch: BranchRecord, histories: Map<string, StoredItem[]>): Promise<void> {
    const parentId = branch.parentBranchId !== null && histories.has(branch.parentBranchId) ? branch.parentBranchId : 'main';
    const parent = histories.get(parentId)!;
    await session.switchToBranch(parentId);
    let common = 0;
    while (common < parent.length && common < branch.items.length && canonical(parent[common]!.data) === canonical(branch.items[common]!.data)) common++;
    let prefix: number;
    if (common === parent.length) {
      await session.createBranch(branch.branchId);
      prefix = parent.length;
    } else {
      // createBranchFromTurn(n) keeps everything before turn n's user message.
      let turn = 0;
      let opener = -1;
      let best: { turn: number; index: number } | undefined;
      for (let i = 0; i < parent.length && i <= common; i++) {
        if (itemKind(JSON.parse(parent[i]!.data)) === 'user') {
          turn++;
          opener = i;
          best = { turn, index: opener };
        }
      }
      if (!best) {
        throw new SessionError('STORAGE_ERROR', `branch ${JSON.stringify(branch.branchId)} shares no turn boundary with ${JSON.stringify(parentId)}; it cannot be recreated`, {
          sessionId: session.sessionId,
        });
      }
      await session.createBranchFromTurn(best.turn, branch.branchId);
      prefix = best.index;
    }
    const own = branch.items.slice(prefix);
    if (own.length > 0) await session.addItems(own.map((item, i) => parseStoredItem(session.sessionId, item.data, prefix + i)));
  }

  close() {
    return this.sql.close();
  }
}
