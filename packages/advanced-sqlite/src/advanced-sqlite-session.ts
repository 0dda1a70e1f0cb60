import { SessionBase, SessionError, serializeItems, type JsonObject, type SessionItem, type SessionOptions } from '@sessions/core';
import { acquireConnection, borrowConnection, type SqliteConnection, type SqliteDatabase } from '@sessions/sqlite';
import * as branches from './branch-operations.js';
import { appendItems, clearBranch, readBranchItems, removeNewestItem } from './branch-history.js';
import { connectionState } from './connection-state.js';
import * as queries from './conversation-queries.js';
import { checkPriceTable, DEFAULT_PRICES, type PriceTable } from './pricing.js';
import { deleteSession } from './session-deletion.js';
import { listSessions } from './session-list.js';
import { getMetadata, setMetadata } from './session-metadata.js';
import { chosenBranch, existingBranch, type SessionContext } from './session-context.js';
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
import * as usage from './usage-tracking.js';

export type { StoreRunUsageOptions } from './usage-tracking.js';

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

/**
 * A SQLite session with branches, token usage per turn and structured
 * queries. History is stored once: a branch points at the history it
 * continues (see README "How branches are stored"), so creating one costs the
 * same at any conversation length.
 *
 * This class holds the object's state (connection, session, current branch)
 * and the contract's checks; each operation lives in a module of its own and
 * gets that state as a `SessionContext`.
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
        connectionState(connection);
      } catch (error) {
        connection.release();
        throw error;
      }
      this.#connection = connection;
    }
    return this.#connection;
  }

  /** The conversation id: the constructor id, or the session a branch id belongs to. */
  #rootId(): string {
    if (this.#root === undefined) {
      const owner = connectionState(this.#connect()).statements.branchOwner.get(this.sessionId);
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

  /** The id errors name: the handle of the current branch once resolved. */
  #who(): string {
    if (this.#root === undefined) return this.sessionId;
    return this.#branch === MAIN_BRANCH ? this.#root : this.#branch;
  }

  /** What an operation module needs of this object, as of now. */
  #context(): SessionContext {
    const connection = this.#connect();
    const sessionId = this.#rootId();
    return { db: connection.db, ...connectionState(connection), sessionId, branchId: this.#branch, handle: this.#who() };
  }

  /** Validates with the current branch's handle, so an error names the id the caller uses. */
  override async addItems(items: SessionItem[]): Promise<void> {
    this.assertOpen('addItems');
    await this.guard('addItems', async () => {
      const rows = serializeItems(this.#who(), items);
      if (rows.length > 0) appendItems(this.#context(), rows, items);
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

  // ---- the session contract --------------------------------------------

  /** The id that reaches the current branch: the session id on `main`, the branch id elsewhere. */
  override async getSessionId(): Promise<string> {
    return this.guard('getSessionId', async () => {
      return this.#who();
    });
  }

  protected async readItems(limit: number | undefined): Promise<SessionItem[]> {
    return readBranchItems(this.#context(), limit);
  }

  protected async writeItems(rows: string[]): Promise<void> {
    appendItems(this.#context(), rows, rows.map((row) => JSON.parse(row) as unknown));
  }

  protected async removeNewestItem(): Promise<SessionItem | undefined> {
    return removeNewestItem(this.#context());
  }

  protected async removeAllItems(): Promise<void> {
    clearBranch(this.#context());
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
    return this.guard('getCurrentTurn', async () => branches.currentTurn(this.#context()));
  }

  /**
   * Creates a branch holding turns 1..turn-1 of the current branch, so turn
   * `turn` can be asked differently, switches to it and returns its id.
   * `turn` may also be the next turn (current + 1): the branch then holds
   * the whole current history.
   */
  async createBranchFromTurn(turn: number, name?: string): Promise<string> {
    return this.guard('createBranchFromTurn', async () => {
      this.#branch = branches.createBranchFromTurn(this.#context(), turn, name);
      return this.#branch;
    });
  }

  /** Creates a branch holding everything the current branch holds, switches to it and returns its id. */
  async createBranch(name?: string): Promise<string> {
    return this.guard('createBranch', async () => {
      this.#branch = branches.createBranch(this.#context(), name);
      return this.#branch;
    });
  }

  /** Branches from the earliest turn whose text contains `term` (see `findTurnsByContent`). */
  async createBranchFromContent(term: string, name?: string): Promise<string> {
    const [first] = await this.findTurnsByContent(term);
    if (!first) {
      throw new SessionError('NOT_FOUND', `no turn on branch ${JSON.stringify(this.#branch)} contains ${JSON.stringify(term)}`, { sessionId: this.#who() });
    }
    return this.createBranchFromTurn(first.turn, name);
  }

  /** Moves this object onto `branchId` (`'main'` or a branch of this session). */
  async switchToBranch(branchId: string): Promise<void> {
    return this.guard('switchToBranch', async () => {
      const ctx = this.#context();
      this.#branch = existingBranch(ctx, chosenBranch(ctx, { branchId }));
    });
  }

  /**
   * Deletes a branch and its usage. Never `main`; the current branch only
   * with `force`, which moves this object to `main` first. Branches created
   * from it keep their history.
   */
  async deleteBranch(branchId: string, options: { force?: boolean } = {}): Promise<void> {
    return this.guard('deleteBranch', async () => {
      const deleted = branches.deleteBranch(this.#context(), branchId, options);
      if (deleted === this.#branch) this.#branch = MAIN_BRANCH;
    });
  }

  async listBranches(): Promise<BranchInfo[]> {
    return this.guard('listBranches', async () => branches.listBranches(this.#context()));
  }

  // ---- structured queries ------------------------------------------------

  /** Every user turn of a branch, oldest first. */
  async getConversationTurns(options?: BranchOption): Promise<ConversationTurn[]> {
    return this.guard('getConversationTurns', async () => queries.conversationTurns(this.#context(), options));
  }

  /**
   * The user turns in which any item's text (messages, tool arguments, tool
   * output) contains `term`, case-insensitively; `%` and `_` are ordinary characters.
   */
  async findTurnsByContent(term: string, options?: BranchOption): Promise<ConversationTurn[]> {
    return this.guard('findTurnsByContent', async () => queries.findTurnsByContent(this.#context(), term, options));
  }

  /** The kind (and tool) of every item, grouped by turn: `{ 1: [{ type: 'user', toolName: null }, ...] }`. */
  async getConversationByTurns(options?: BranchOption): Promise<Record<number, TurnItem[]>> {
    return this.guard('getConversationByTurns', async () => queries.conversationByTurns(this.#context(), options));
  }

  /** Tool calls per tool and turn (results are not counted), in turn order. */
  async getToolUsage(options?: BranchOption): Promise<ToolUse[]> {
    return this.guard('getToolUsage', async () => queries.toolUsage(this.#context(), options));
  }

  // ---- usage --------------------------------------------------------------

  /**
   * Records `result.state.usage` against the current turn of the current
   * branch. Storing another run in the same turn adds to it; storing the same
   * (resumed) run again adds only what it used since.
   */
  async storeRunUsage(result: unknown, options: usage.StoreRunUsageOptions = {}): Promise<void> {
    return this.guard('storeRunUsage', async () => usage.storeRunUsage(this.#context(), result, options));
  }

  /** Usage of the whole session (every branch), or of one branch; `null` when nothing was stored. */
  async getSessionUsage(options?: { branchId?: string | undefined }): Promise<SessionUsage | null> {
    return this.guard('getSessionUsage', async () => usage.sessionUsage(this.#context(), options));
  }

  /** Usage of one turn (`null` when none was stored), or of every turn with usage when `turn` is omitted. */
  async getTurnUsage(turn: number, options?: BranchOption): Promise<TurnUsage | null>;
  async getTurnUsage(turn?: undefined, options?: BranchOption): Promise<TurnUsage[]>;
  async getTurnUsage(turn?: number, options?: BranchOption): Promise<TurnUsage | null | TurnUsage[]> {
    return this.guard('getTurnUsage', async () => usage.turnUsage(this.#context(), turn, options));
  }

  /** Runs, tokens and cost of the session (or one branch), priced with this object's price table. */
  async getUsageStats(options?: { branchId?: string | undefined }): Promise<UsageStats> {
    return this.guard('getUsageStats', async () => usage.usageStats(this.#context(), options, this.#prices));
  }

  // ---- sessions and metadata ---------------------------------------------------

  /** Replaces the session's metadata (a JSON object); creates the session row if needed. */
  async setMetadata(metadata: JsonObject): Promise<void> {
    return this.guard('setMetadata', async () => setMetadata(this.#context(), metadata));
  }

  /** The session's metadata, `{}` when none was set. */
  async getMetadata(): Promise<JsonObject> {
    return this.guard('getMetadata', async () => getMetadata(this.#context()));
  }

  /** Sessions of this database, newest first, filtered and paged (see README). */
  async listSessions(options: ListSessionsOptions = {}): Promise<SessionSummary[]> {
    return this.guard('listSessions', async () => {
      const ctx = this.#context();
      return listSessions(ctx.db, ctx.statements, ctx.handle, options);
    });
  }

  /**
   * Deletes a session with all its branches, items, usage and metadata.
   * Returns whether it existed. `sessionId` must be a session id, not a branch id.
   */
  async deleteSession(sessionId: string): Promise<boolean> {
    return this.guard('deleteSession', async () => {
      const deleted = deleteSession(this.#context(), sessionId);
      if (sessionId === this.#root && this.#branch !== MAIN_BRANCH) this.#branch = MAIN_BRANCH;
      return deleted;
    });
  }
}
