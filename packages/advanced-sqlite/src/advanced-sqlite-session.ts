import { randomBytes, randomUUID } from 'node:crypto';
import {
  checkSessionId,
  itemKind,
  itemText,
  parseStoredItem,
  SessionBase,
  SessionError,
  serializeItems,
  serializeJsonObject,
  toolName,
  turnNumbers,
  type JsonObject,
  type SessionItem,
  type SessionOptions,
} from '@sessions/core';
import { acquireConnection, borrowConnection, type SqliteConnection, type SqliteDatabase } from '@sessions/sqlite';
import { acrossSegments, collectGarbage, latestRows, newestOf, segmentsOf, type ChainCache, type Segment } from './lanes.js';
import { migrateAdvancedSqlite } from './migrate.js';
import { checkPriceTable, DEFAULT_PRICES, type PriceTable } from './pricing.js';
import { combine, isEmptyRecord, usageRecords, type UsageRecord } from './run-usage.js';
import { normalizeForSearch, searchTextOf } from './search-text.js';
import { listSessions } from './session-list.js';
import { prepareAdvancedStatements, type AdvancedStatements, type StructureRow } from './statements.js';
import {
  MAIN_BRANCH,
  type BranchInfo,
  type BranchOption,
  type ConversationTurn,
  type ListSessionsOptions,
  type SessionSummary,
  type SessionUsage,
  type ToolUse,
  type TurnItem,
  type TurnUsage,
  type UsageStats,
} from './types.js';
import { UsageQueries } from './usage-queries.js';

export interface AdvancedSQLiteSessionOptions extends SessionOptions {
  /** Database file; `':memory:'` (the default) keeps a private in-memory database per object. */
  path?: string | undefined;
  /** An open better-sqlite3 database to use instead of `path`; `close()` leaves it open. */
  database?: SqliteDatabase | undefined;
  /** Prices per model (USD per million tokens), merged over `DEFAULT_PRICES`. */
  prices?: PriceTable | undefined;
  /** Start from these prices instead of `DEFAULT_PRICES` (`{}` prices nothing). */
  basePrices?: PriceTable | undefined;
}

export interface StoreRunUsageOptions {
  /** The model name to price this run with, instead of the one found in the result. */
  model?: string | undefined;
}

interface Prepared {
  statements: AdvancedStatements;
  usage: UsageQueries;
  /** Segments by head lane; lanes never change once written, so this never goes stale. */
  chains: ChainCache;
}

const PREPARED = 'advanced-sqlite:statements';
const PREVIEW_LENGTH = 100;
const TOOL_CALL_KINDS = new Set(['function_call', 'hosted_tool_call', 'computer_call', 'shell_call', 'apply_patch_call', 'tool_search_call', 'program_call']);

/** What the runner's `state` objects already stored, so storing a resumed run again adds only the difference. */
const storedRuns = new WeakMap<object, { runId: string; records: UsageRecord[] }>();

function prepared(connection: SqliteConnection): Prepared {
  let value = connection.state.get(PREPARED) as Prepared | undefined;
  if (!value) {
    migrateAdvancedSqlite(connection.db);
    value = { statements: prepareAdvancedStatements(connection.db), usage: new UsageQueries(connection.db), chains: new Map() };
    connection.state.set(PREPARED, value);
  }
  return value;
}

function branchSuffix(): string {
  return `${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
}

/**
 * A SQLite session with branches, token usage per turn and structured
 * queries. History is stored once: a branch points at the history it
 * continues (see README "How branches are stored"), so creating one costs the
 * same at any conversation length.
 */
export class AdvancedSQLiteSession extends SessionBase {
  readonly path: string;
  readonly #options: AdvancedSQLiteSessionOptions;
  readonly #prices: PriceTable;
  #connection: SqliteConnection | undefined;
  /** The conversation (row of agent_sessions) and the branch this object works on; resolved on first use. */
  #root: string | undefined;
  #branch: string = MAIN_BRANCH;

  constructor(sessionId: string, options: AdvancedSQLiteSessionOptions = {}) {
    super(sessionId, options);
    if (options.path !== undefined && options.database !== undefined) {
      throw new SessionError('INVALID_ARGUMENT', 'pass either path or database, not both', { sessionId });
    }
    if (options.path !== undefined && typeof options.path !== 'string') {
      throw new SessionError('INVALID_ARGUMENT', `path must be a string, got ${typeof options.path}`, { sessionId });
    }
    try {
      this.#prices = { ...checkPriceTable(options.basePrices ?? DEFAULT_PRICES), ...checkPriceTable(options.prices ?? {}) };
    } catch (error) {
      throw new SessionError('INVALID_ARGUMENT', (error as Error).message, { sessionId });
    }
    this.path = options.database?.name ?? options.path ?? ':memory:';
    this.#options = options;
  }

  // ---- plumbing -------------------------------------------------------

  #connect(): SqliteConnection {
    if (!this.#connection) {
      const connection = this.#options.database ? borrowConnection(this.#options.database) : acquireConnection(this.path);
      try {
        prepared(connection);
      } catch (error) {
        connection.release();
        throw error;
      }
      this.#connection = connection;
    }
    return this.#connection;
  }

  get #db(): SqliteDatabase {
    return this.#connect().db;
  }

  get #s(): AdvancedStatements {
    return prepared(this.#connect()).statements;
  }

  get #usage(): UsageQueries {
    return prepared(this.#connect()).usage;
  }

  /** The conversation id: the constructor id, or the session a branch id belongs to. */
  #rootId(): string {
    if (this.#root === undefined) {
      const owner = this.#s.branchOwner.get(this.sessionId);
      if (owner !== undefined) {
        this.#root = owner;
        this.#branch = this.sessionId;
      } else {
        this.#root = this.sessionId;
        this.#branch = MAIN_BRANCH;
      }
    }
    return this.#root;
  }

  #unknownBranch(branchId: string): SessionError {
    return new SessionError('NOT_FOUND', `branch ${JSON.stringify(branchId)} does not exist in session ${JSON.stringify(this.#rootId())}`, {
      sessionId: this.#who(),
    });
  }

  /** The lane a branch writes to; `main` reads as empty before its first write, other unknown branches are an error. */
  #headLane(branchId: string): number | undefined {
    const lane = this.#s.headLane.get(this.#rootId(), branchId);
    if (lane !== undefined) return lane;
    if (branchId === MAIN_BRANCH) return undefined;
    throw this.#unknownBranch(branchId);
  }

  #segments(branchId: string): Segment[] {
    const lane = this.#headLane(branchId);
    return lane === undefined ? [] : this.#segmentsOfLane(lane);
  }

  #segmentsOfLane(lane: number): Segment[] {
    return segmentsOf(this.#s, lane, prepared(this.#connect()).chains);
  }

  /** The head lane of a branch, creating the session row and `main` on first write. Call inside a write transaction. */
  #ensureHeadLane(branchId: string): number {
    const root = this.#rootId();
    const existing = this.#s.branch.get(root, branchId);
    if (existing) return existing.laneId;
    if (branchId !== MAIN_BRANCH) throw this.#unknownBranch(branchId);
    this.#s.touchSession.run(root);
    const lane = Number(this.#s.insertLane.run(root, null, null).lastInsertRowid);
    this.#s.insertBranch.run(root, MAIN_BRANCH, lane, null, null);
    return lane;
  }

  /** The id errors name: the handle of the current branch once resolved. */
  #who(): string {
    if (this.#root === undefined) return this.sessionId;
    return this.#branch === MAIN_BRANCH ? this.#root : this.#branch;
  }

  /** Validates with the current branch's handle, so an error names the id the caller uses. */
  override async addItems(items: SessionItem[]): Promise<void> {
    this.assertOpen('addItems');
    await this.guard('addItems', async () => {
      const rows = serializeItems(this.#who(), items);
      if (rows.length > 0) this.#append(rows, items);
    });
  }

  protected override toSessionError(operation: string, error: unknown): SessionError {
    if (error instanceof SessionError) return error;
    const reason = error instanceof Error ? error.message : String(error);
    return new SessionError('STORAGE_ERROR', `${operation} failed: ${reason}`, { sessionId: this.#who(), cause: error });
  }

  /** Every call resolves which session and branch the id names before doing anything else. */
  protected override guard<T>(operation: string, step: () => Promise<T>): Promise<T> {
    return super.guard(operation, () => {
      this.#rootId();
      return step();
    });
  }

  #write<T>(step: () => T): T {
    return this.#db.transaction(step).immediate();
  }

  #checkBranchOption(options: BranchOption | undefined): string {
    if (options === undefined || options === null) return this.#branch;
    if (typeof options !== 'object') throw new SessionError('INVALID_ARGUMENT', 'options must be an object', { sessionId: this.#who() });
    const { branchId } = options;
    if (branchId === undefined) return this.#branch;
    if (typeof branchId !== 'string' || branchId.length === 0) {
      throw new SessionError('INVALID_ARGUMENT', 'branchId must be a non-empty string', { sessionId: this.#who() });
    }
    return branchId;
  }

  /** `branchId` itself when it is `main` or a branch of this session; `NOT_FOUND` otherwise. */
  #existingBranch(branchId: string): string {
    if (branchId !== MAIN_BRANCH && this.#s.headLane.get(this.#rootId(), branchId) === undefined) throw this.#unknownBranch(branchId);
    return branchId;
  }

  // ---- the session contract --------------------------------------------

  /** The id that reaches the current branch: the session id on `main`, the branch id elsewhere. */
  override async getSessionId(): Promise<string> {
    return this.guard('getSessionId', async () => {
      return this.#who();
    });
  }

  protected async readItems(limit: number | undefined): Promise<SessionItem[]> {
    const s = this.#s;
    const segments = this.#segments(this.#branch);
    const texts =
      limit === undefined
        ? acrossSegments(segments, (seg) => s.allDataInLane.all(seg.laneId, seg.bound))
        : latestRows(segments, limit, (seg, n) => s.latestDataInLane.all(seg.laneId, seg.bound, n));
    const who = this.#who();
    try {
      const items: SessionItem[] = new Array(texts.length);
      for (let i = 0; i < texts.length; i++) items[i] = parseStoredItem(who, texts[i]!, i);
      return items;
    } catch {
      // A corrupt row: read again with row ids, so the error names the stored row.
      const rows =
        limit === undefined
          ? acrossSegments(segments, (seg) => s.allInLane.all(seg.laneId, seg.bound))
          : latestRows(segments, limit, (seg, n) => s.latestInLane.all(seg.laneId, seg.bound, n));
      return rows.map((row) => parseStoredItem(this.#who(), row.data, row.id));
    }
  }

  protected async writeItems(rows: string[]): Promise<void> {
    this.#append(
      rows,
      rows.map((row) => JSON.parse(row) as unknown),
    );
  }

  /** Appends validated rows (`items` are the same items, unparsed) with their structure, in one transaction. */
  #append(rows: string[], items: readonly unknown[]): void {
    const s = this.#s;
    const root = this.#rootId();
    const kinds = items.map(itemKind);
    const tools = items.map((item) => toolName(item) ?? null);
    const texts = items.map(searchTextOf);
    this.#write(() => {
      const lane = this.#ensureHeadLane(this.#branch);
      const lastTurn = newestOf(s, this.#segmentsOfLane(lane))?.turn ?? 0;
      const turns = turnNumbers(items, lastTurn);
      s.touchSession.run(root);
      rows.forEach((row, i) => {
        const id = s.insertMessage.run(root, row).lastInsertRowid;
        s.insertStructure.run(id, lane, turns[i]!, kinds[i]!, tools[i]!, texts[i]!);
      });
    });
  }

  protected async removeNewestItem(): Promise<SessionItem | undefined> {
    const s = this.#s;
    const root = this.#rootId();
    return this.#write(() => {
      const lane = this.#headLane(this.#branch);
      if (lane === undefined) return undefined;
      const segments = this.#segmentsOfLane(lane);
      const newest = newestOf(s, segments);
      if (!newest) return undefined;
      const row = s.messageById.get(newest.id)!;
      const item = parseStoredItem(this.#who(), row.data, row.id);
      if (newest.laneId === lane && s.laneSharedFrom.get(lane, newest.id) === undefined) {
        s.deleteMessage.run(newest.id);
      } else {
        // Another branch inherits the item, or it is inherited: continue on a new lane that stops short of it.
        // Lanes never change once made (so their chains can be cached); an own lane that is empty and
        // inherited by nobody is skipped over and collected.
        const skipOwn = newest.laneId !== lane && s.laneHasChildren.get(lane) === undefined;
        const parent = skipOwn ? (s.laneParent.get(lane) ?? null) : lane;
        const next = Number(s.insertLane.run(root, parent, newest.id - 1).lastInsertRowid);
        s.setBranchLane.run(next, root, this.#branch);
        collectGarbage(s, lane);
      }
      s.touchSession.run(root);
      return item;
    });
  }

  protected async removeAllItems(): Promise<void> {
    const s = this.#s;
    const root = this.#rootId();
    this.#write(() => {
      const lane = this.#headLane(this.#branch);
      if (lane === undefined) return;
      // A new empty lane; the old one keeps only what other branches still inherit.
      const next = Number(s.insertLane.run(root, null, null).lastInsertRowid);
      s.setBranchLane.run(next, root, this.#branch);
      collectGarbage(s, lane);
      s.deleteBranchUsage.run(root, this.#branch);
    });
  }

  protected async release(): Promise<void> {
    this.#connection?.release();
    this.#connection = undefined;
  }

  // ---- branches ---------------------------------------------------------

  /** The branch this object reads and writes. */
  async getCurrentBranchId(): Promise<string> {
    return this.guard('getCurrentBranchId', async () => {
      this.#rootId();
      return this.#branch;
    });
  }

  /** The number of the latest user turn on the current branch (0 when it has no user message). */
  async getCurrentTurn(): Promise<number> {
    return this.guard('getCurrentTurn', async () => newestOf(this.#s, this.#segments(this.#branch))?.turn ?? 0);
  }

  /**
   * Creates a branch holding turns 1..turn-1 of the current branch, so turn
   * `turn` can be asked differently, switches to it and returns its id.
   * `turn` may also be the next turn (current + 1): the branch then holds
   * the whole current history.
   */
  async createBranchFromTurn(turn: number, name?: string): Promise<string> {
    return this.guard('createBranchFromTurn', async () => {
      if (typeof turn !== 'number' || !Number.isInteger(turn) || turn < 0) {
        throw new SessionError('INVALID_ARGUMENT', `turn must be a positive integer, got ${String(turn)}`, { sessionId: this.#who() });
      }
      if (turn === 0) {
        throw new SessionError('INVALID_ARGUMENT', 'turn 0 holds the items before the first user message and cannot be branched from; turns start at 1', {
          sessionId: this.#who(),
        });
      }
      return this.#createBranch(name, turn, `branch_from_turn_${turn}_`, (segments) => {
        for (const segment of segments) {
          const opener = this.#s.turnOpener.get(segment.laneId, segment.bound, turn);
          if (opener !== undefined) return opener - 1;
        }
        const current = newestOf(this.#s, segments);
        if ((current?.turn ?? 0) + 1 === turn) return current?.id ?? 0;
        throw new SessionError(
          'NOT_FOUND',
          `turn ${turn} does not exist on branch ${JSON.stringify(this.#branch)} (it has ${current?.turn ?? 0} turns; pass ${(current?.turn ?? 0) + 1} to branch after the last one)`,
          { sessionId: this.#who() },
        );
      });
    });
  }

  /** Creates a branch holding everything the current branch holds, switches to it and returns its id. */
  async createBranch(name?: string): Promise<string> {
    return this.guard('createBranch', async () =>
      this.#createBranch(name, null, 'branch_', (segments) => newestOf(this.#s, segments)?.id ?? 0),
    );
  }

  /** Branches from the earliest turn whose text contains `term` (see `findTurnsByContent`). */
  async createBranchFromContent(term: string, name?: string): Promise<string> {
    const [first] = await this.findTurnsByContent(term);
    if (!first) {
      throw new SessionError('NOT_FOUND', `no turn on branch ${JSON.stringify(this.#branch)} contains ${JSON.stringify(term)}`, { sessionId: this.#who() });
    }
    return this.createBranchFromTurn(first.turn, name);
  }

  #createBranch(name: string | undefined, fromTurn: number | null, prefix: string, boundOf: (segments: Segment[]) => number): string {
    const s = this.#s;
    const root = this.#rootId();
    if (name !== undefined) {
      try {
        checkSessionId(name);
      } catch (error) {
        throw new SessionError('INVALID_ARGUMENT', `branch name: ${(error as Error).message}`, { sessionId: this.#who() });
      }
      if (name === MAIN_BRANCH) throw new SessionError('CONFLICT', 'the name "main" is taken by every session\'s first branch', { sessionId: this.#who() });
    }
    const branchId = this.#write(() => {
      const lane = this.#ensureHeadLane(this.#branch);
      const bound = boundOf(this.#segmentsOfLane(lane));
      let id = name;
      if (id === undefined) {
        do id = `${prefix}${branchSuffix()}`;
        while (s.branchOwner.get(id) !== undefined || s.sessionExists.get(id) !== undefined);
      } else if (s.branchOwner.get(id) !== undefined || s.sessionExists.get(id) !== undefined) {
        throw new SessionError('CONFLICT', `the name ${JSON.stringify(id)} is already used by a branch or a session in this database`, {
          sessionId: this.#who(),
        });
      }
      const branchLane = Number(s.insertLane.run(root, lane, bound).lastInsertRowid);
      s.insertBranch.run(root, id, branchLane, this.#branch, fromTurn);
      return id;
    });
    this.#branch = branchId;
    return branchId;
  }

  /** Moves this object onto `branchId` (`'main'` or a branch of this session). */
  async switchToBranch(branchId: string): Promise<void> {
    return this.guard('switchToBranch', async () => {
      this.#branch = this.#existingBranch(this.#checkBranchOption({ branchId }));
    });
  }

  /**
   * Deletes a branch and its usage. Never `main`; the current branch only
   * with `force`, which moves this object to `main` first. Branches created
   * from it keep their history.
   */
  async deleteBranch(branchId: string, options: { force?: boolean } = {}): Promise<void> {
    return this.guard('deleteBranch', async () => {
      const id = this.#checkBranchOption({ branchId });
      if (id === MAIN_BRANCH) throw new SessionError('INVALID_ARGUMENT', 'the main branch cannot be deleted', { sessionId: this.#who() });
      const s = this.#s;
      const root = this.#rootId();
      if (id === this.#branch && options?.force !== true) {
        throw new SessionError('CONFLICT', `branch ${JSON.stringify(id)} is the current branch; pass { force: true } to delete it and move to main`, {
          sessionId: this.#who(),
        });
      }
      this.#write(() => {
        const row = s.branch.get(root, id);
        if (!row) throw this.#unknownBranch(id);
        s.deleteBranch.run(root, id);
        s.deleteBranchUsage.run(root, id);
        collectGarbage(s, row.laneId);
      });
      if (id === this.#branch) this.#branch = MAIN_BRANCH;
    });
  }

  async listBranches(): Promise<BranchInfo[]> {
    return this.guard('listBranches', async () => {
      const s = this.#s;
      const root = this.#rootId();
      const rows = s.branches.all(root);
      if (!rows.some((row) => row.branchId === MAIN_BRANCH)) {
        rows.unshift({ branchId: MAIN_BRANCH, laneId: -1, parentBranchId: null, fromTurn: null, createdAt: new Date().toISOString() });
      }
      return rows.map((row) => {
        const segments = row.laneId === -1 ? [] : this.#segmentsOfLane(row.laneId);
        let messageCount = 0;
        for (const seg of segments) messageCount += s.countInLane.get(seg.laneId, seg.bound) ?? 0;
        return {
          branchId: row.branchId,
          messageCount,
          userTurns: newestOf(s, segments)?.turn ?? 0,
          isCurrent: row.branchId === this.#branch,
          createdAt: row.createdAt,
          parentBranchId: row.parentBranchId,
          fromTurn: row.fromTurn,
        };
      });
    });
  }

  // ---- structured queries ------------------------------------------------

  #structure(branchId: string, read: (s: AdvancedStatements, seg: Segment) => StructureRow[]): StructureRow[] {
    const s = this.#s;
    return acrossSegments(this.#segments(branchId), (seg) => read(s, seg));
  }

  #turnOf(row: StructureRow): ConversationTurn {
    const text = itemText(parseStoredItem(this.#who(), row.data, row.id));
    return { turn: row.turn, content: text.slice(0, PREVIEW_LENGTH), fullContent: text, timestamp: row.createdAt, canBranch: row.turn >= 1 };
  }

  /** Every user turn of a branch, oldest first. */
  async getConversationTurns(options?: BranchOption): Promise<ConversationTurn[]> {
    return this.guard('getConversationTurns', async () => {
      const branch = this.#checkBranchOption(options);
      return this.#structure(branch, (s, seg) => s.userTurnsInLane.all(seg.laneId, seg.bound)).map((row) => this.#turnOf(row));
    });
  }

  /**
   * The user turns in which any item's text (messages, tool arguments, tool
   * output) contains `term`, case-insensitively; `%` and `_` are ordinary characters.
   */
  async findTurnsByContent(term: string, options?: BranchOption): Promise<ConversationTurn[]> {
    return this.guard('findTurnsByContent', async () => {
      if (typeof term !== 'string' || term.length === 0) {
        throw new SessionError('INVALID_ARGUMENT', 'search term must be a non-empty string', { sessionId: this.#who() });
      }
      const branch = this.#checkBranchOption(options);
      const needle = normalizeForSearch(term);
      const s = this.#s;
      const segments = this.#segments(branch);
      const turns = new Set<number>();
      for (const seg of segments) for (const turn of s.matchingTurnsInLane.all(seg.laneId, seg.bound, needle)) turns.add(turn);
      if (turns.size === 0) return [];
      const found: ConversationTurn[] = [];
      for (const turn of [...turns].sort((a, b) => a - b)) {
        for (const seg of segments) {
          const opener = s.turnOpener.get(seg.laneId, seg.bound, turn);
          if (opener === undefined) continue;
          const row = s.structureById.get(opener);
          if (row) found.push(this.#turnOf(row));
          break;
        }
      }
      return found;
    });
  }

  /** The kind (and tool) of every item, grouped by turn: `{ 1: [{ type: 'user', toolName: null }, ...] }`. */
  async getConversationByTurns(options?: BranchOption): Promise<Record<number, TurnItem[]>> {
    return this.guard('getConversationByTurns', async () => {
      const branch = this.#checkBranchOption(options);
      const byTurn: Record<number, TurnItem[]> = {};
      for (const row of this.#structure(branch, (s, seg) => s.structureInLane.all(seg.laneId, seg.bound))) {
        (byTurn[row.turn] ??= []).push({ type: row.kind as TurnItem['type'], toolName: row.toolName });
      }
      return byTurn;
    });
  }

  /** Tool calls per tool and turn (results are not counted), in turn order. */
  async getToolUsage(options?: BranchOption): Promise<ToolUse[]> {
    return this.guard('getToolUsage', async () => {
      const branch = this.#checkBranchOption(options);
      const uses = new Map<string, ToolUse>();
      for (const row of this.#structure(branch, (s, seg) => s.structureInLane.all(seg.laneId, seg.bound))) {
        if (!TOOL_CALL_KINDS.has(row.kind) || row.toolName === null) continue;
        const key = `${row.turn}\u0000${row.toolName}`;
        const use = uses.get(key);
        if (use) use.count++;
        else uses.set(key, { toolName: row.toolName, count: 1, turn: row.turn });
      }
      return [...uses.values()];
    });
  }

  // ---- usage --------------------------------------------------------------

  /**
   * Records `result.state.usage` against the current turn of the current
   * branch. Storing another run in the same turn adds to it; storing the same
   * (resumed) run again adds only what it used since.
   */
  async storeRunUsage(result: unknown, options: StoreRunUsageOptions = {}): Promise<void> {
    return this.guard('storeRunUsage', async () => {
      if (options?.model !== undefined && (typeof options.model !== 'string' || options.model.length === 0)) {
        throw new SessionError('INVALID_ARGUMENT', 'options.model must be a non-empty string', { sessionId: this.#who() });
      }
      const records = usageRecords(this.#who(), result, options?.model);
      const state = (result as { state: object }).state;
      const previous = storedRuns.get(state);
      const runId = previous?.runId ?? randomUUID();
      const delta = records
        .map((record) => {
          const before = previous?.records.find((r) => r.model === record.model);
          return before ? combine(record, before, -1) : record;
        })
        .filter((record) => !isEmptyRecord(record));
      const s = this.#s;
      const root = this.#rootId();
      this.#write(() => {
        const lane = this.#headLane(this.#branch);
        const newest = lane === undefined ? undefined : newestOf(s, this.#segmentsOfLane(lane));
        if (!newest) {
          throw new SessionError('CONFLICT', `branch ${JSON.stringify(this.#branch)} holds no items, so there is no turn to record usage against; run the agent with this session first`, {
            sessionId: this.#who(),
          });
        }
        for (const record of delta) {
          s.insertUsage.run({
            sessionId: root,
            branchId: this.#branch,
            turn: newest.turn,
            runId,
            ...record,
            inputTokensDetails: JSON.stringify(record.inputTokensDetails),
            outputTokensDetails: JSON.stringify(record.outputTokensDetails),
          });
        }
      });
      storedRuns.set(state, { runId, records });
    });
  }

  /** Usage of the whole session (every branch), or of one branch; `null` when nothing was stored. */
  async getSessionUsage(options?: { branchId?: string | undefined }): Promise<SessionUsage | null> {
    return this.guard('getSessionUsage', async () => {
      const branch = options?.branchId === undefined ? null : this.#existingBranch(this.#checkBranchOption(options));
      return this.#usage.session(this.#rootId(), branch);
    });
  }

  /** Usage of one turn (`null` when none was stored), or of every turn with usage when `turn` is omitted. */
  async getTurnUsage(turn: number, options?: BranchOption): Promise<TurnUsage | null>;
  async getTurnUsage(turn?: undefined, options?: BranchOption): Promise<TurnUsage[]>;
  async getTurnUsage(turn?: number, options?: BranchOption): Promise<TurnUsage | null | TurnUsage[]> {
    return this.guard('getTurnUsage', async () => {
      if (turn !== undefined && (typeof turn !== 'number' || !Number.isInteger(turn) || turn < 0)) {
        throw new SessionError('INVALID_ARGUMENT', `turn must be a non-negative integer, got ${String(turn)}`, { sessionId: this.#who() });
      }
      const branch = this.#existingBranch(this.#checkBranchOption(options));
      const turns = this.#usage.turns(this.#rootId(), branch, turn ?? null);
      return turn === undefined ? turns : (turns[0] ?? null);
    });
  }

  /** Runs, tokens and cost of the session (or one branch), priced with this object's price table. */
  async getUsageStats(options?: { branchId?: string | undefined }): Promise<UsageStats> {
    return this.guard('getUsageStats', async () => {
      const branch = options?.branchId === undefined ? null : this.#existingBranch(this.#checkBranchOption(options));
      return this.#usage.stats(this.#rootId(), branch, this.#prices);
    });
  }

  // ---- sessions and metadata ---------------------------------------------------

  /** Replaces the session's metadata (a JSON object); creates the session row if needed. */
  async setMetadata(metadata: JsonObject): Promise<void> {
    return this.guard('setMetadata', async () => {
      const text = serializeJsonObject(this.#who(), 'metadata', metadata);
      const root = this.#rootId();
      this.#write(() => {
        this.#s.touchSession.run(root);
        this.#s.setMetadata.run(root, text);
      });
    });
  }

  /** The session's metadata, `{}` when none was set. */
  async getMetadata(): Promise<JsonObject> {
    return this.guard('getMetadata', async () => {
      const text = this.#s.getMetadata.get(this.#rootId());
      return text === undefined ? {} : (JSON.parse(text) as JsonObject);
    });
  }

  /** Sessions of this database, newest first, filtered and paged (see README). */
  async listSessions(options: ListSessionsOptions = {}): Promise<SessionSummary[]> {
    return this.guard('listSessions', async () => listSessions(this.#db, this.#s, this.#who(), options));
  }

  /**
   * Deletes a session with all its branches, items, usage and metadata.
   * Returns whether it existed. `sessionId` must be a session id, not a branch id.
   */
  async deleteSession(sessionId: string): Promise<boolean> {
    return this.guard('deleteSession', async () => {
      const id = checkSessionId(sessionId);
      const owner = this.#s.branchOwner.get(id);
      if (owner !== undefined) {
        throw new SessionError('INVALID_ARGUMENT', `${JSON.stringify(id)} is a branch of session ${JSON.stringify(owner)}; use deleteBranch`, {
          sessionId: this.#who(),
        });
      }
      const deleted = this.#write(() => this.#s.deleteSession.run(id).changes > 0);
      if (id === this.#root && this.#branch !== MAIN_BRANCH) this.#branch = MAIN_BRANCH;
      return deleted;
    });
  }
}
