import { openListedMetadata } from '../encryption/archive-keys.js';
import { SessionError } from '../errors.js';
import { serializeItems, type JsonObject, type SessionItem } from '../items.js';
import { HistorySessionBase } from '../history-session-base.js';
import type { HistorySplice, RowEdits, SpliceOutcome, StoredRow } from '../history-store.js';
import { checkOwner } from '../owner.js';
import { resolveExpiry, type SessionExpiryOptions } from '../store/expiry.js';
import type { SessionOptions } from '../session.js';
import * as branches from './branches.js';
import { chosenBranch, db, existingBranch, type AdvancedPlan, type BranchContext } from './context.js';
import { appendItems, clearBranch, readBranchItems, removeNewestItem } from './history.js';
import { OperationRecorded, rewriteBranch, spliceBranch } from './history-edits.js';
import type { ChainCache } from './lanes.js';
import { deleteSession, getMetadata, metadataText, setMetadata } from './metadata.js';
import { checkPriceTable, DEFAULT_PRICES, type PriceTable } from './pricing.js';
import * as queries from './queries.js';
import {
  MAIN_BRANCH,
  type BranchInfo,
  type BranchOption,
  type ListSessionsOptions as AdvancedListSessionsOptions,
  type SessionSummary as AdvancedSessionSummary,
  type ConversationTurn,
  type SessionUsage,
  type ToolUse,
  type TurnItem,
  type TurnUsage,
  type UsageStats,
} from './types.js';
import * as usage from './usage.js';

export interface AdvancedSessionOptions extends SessionOptions, SessionExpiryOptions {
  /** Prices per model (USD per million tokens), merged over `DEFAULT_PRICES`. */
  prices?: PriceTable | undefined;
  /** Start from these prices instead of `DEFAULT_PRICES` (`{}` prices nothing). */
  basePrices?: PriceTable | undefined;
  /** The user or tenant the session belongs to, recorded when this object creates it. */
  owner?: string | undefined;
}

/**
 * The advanced session API (branches that copy nothing, usage and cost per
 * turn, structured queries, metadata) over any store: the rules live here
 * and in the plans of this folder; a store supplies how a plan runs on its
 * connection (`runRead`, `runWrite`) and its driver's SQL. The runner's
 * history capabilities (`HistorySessionBase`) work on the current branch; a
 * compaction keeps the transcript (see `compaction.ts`).
 *
 * `id` is a session id or a branch id: a branch id continues that branch.
 */
export abstract class AdvancedSessionBase extends HistorySessionBase {
  protected readonly prices: PriceTable;
  readonly #owner: string | null;
  readonly #expiresAt: string | null;
  /** The conversation (session row) and the branch this object works on; resolved on first use. */
  #root: string | undefined;
  #branch: string = MAIN_BRANCH;

  constructor(sessionId: string, options: AdvancedSessionOptions = {}) {
    super(sessionId, options);
    try {
      this.prices = { ...checkPriceTable(options?.basePrices ?? DEFAULT_PRICES), ...checkPriceTable(options?.prices ?? {}) };
    } catch (error) {
      throw new SessionError('INVALID_ARGUMENT', (error as Error).message, { sessionId });
    }
    this.#owner = checkOwner(this.sessionId, options?.owner);
    this.#expiresAt = resolveExpiry(this.sessionId, options);
  }

  /** Runs a plan that only reads (one transaction where the store needs one for a consistent read). */
  protected abstract runRead<T>(plan: AdvancedPlan<T>): Promise<T>;
  /** Runs a plan in one write transaction: all of it or none of it. */
  protected abstract runWrite<T>(plan: AdvancedPlan<T>): Promise<T>;
  /** The lane chain cache shared by the sessions of one database, if the store keeps one. */
  protected abstract chainCache(): ChainCache | undefined;

  /**
   * Sessions of the store, newest `createdAt` first, filtered by metadata
   * and creation time, keyset-paged by each row's `cursor` (see the adapter's README).
   */
  abstract listSessions(options?: AdvancedListSessionsOptions): Promise<AdvancedSessionSummary[]>;

  /**
   * Runs the plan `make` returns in one write transaction. A store whose
   * transactions can fail to serialise (and must then be retried whole)
   * overrides this to call `make` again for each attempt.
   */
  protected write<T>(make: () => AdvancedPlan<T>): Promise<T> {
    return this.runWrite(make());
  }

  /** Appends validated rows (`items` are the same items, parsed) to the current branch: a store may tune this hot path. */
  protected appendRows(rows: string[], items: readonly unknown[]): Promise<void> {
    return this.write(() => appendItems(this.context(), rows, items));
  }

  /** Resolves which session and branch the constructor id names. */
  async #resolve(): Promise<void> {
    if (this.#root !== undefined) return;
    const owner = await this.runRead(db.sessionOfBranch(this.sessionId));
    if (this.#root !== undefined) return;
    if (owner !== undefined) {
      this.#root = owner;
      this.#branch = this.sessionId;
    } else {
      this.#root = this.sessionId;
      this.#branch = MAIN_BRANCH;
    }
  }

  /** The id errors name: the handle of the current branch once resolved. */
  protected get handle(): string {
    if (this.#root === undefined) return this.sessionId;
    return this.#branch === MAIN_BRANCH ? this.#root : this.#branch;
  }

  /** What a plan needs of this object, as of now. */
  protected context(): BranchContext {
    return {
      sessionId: this.#root ?? this.sessionId,
      branchId: this.#branch,
      handle: this.handle,
      chains: this.chainCache(),
      owner: this.#owner,
      expiresAt: this.#expiresAt,
      rows: this.rows,
    };
  }

  /** Every branch of a session shares the session's data key. */
  protected override keySessionId(): string {
    return this.#root ?? this.sessionId;
  }

  protected override toSessionError(operation: string, error: unknown): SessionError {
    if (error instanceof SessionError) return error;
    const reason = error instanceof Error ? error.message : String(error);
    return new SessionError('STORAGE_ERROR', `${operation} failed: ${reason}`, { sessionId: this.handle, cause: error });
  }

  /** Every call resolves which session and branch the id names before doing anything else. */
  protected override guard<T>(operation: string, step: () => Promise<T>): Promise<T> {
    return super.guard(operation, async () => {
      await this.#resolve();
      // Encryption at rest: the data key is loaded before any plan reads or writes rows (deleting needs no key).
      if (operation !== 'deleteSession') await this.prepareRows(false);
      return step();
    });
  }

  /**
   * Runs a store's listing: metadata filters cannot match encrypted metadata,
   * so with encryption on they are refused; encrypted metadata in the page is
   * decrypted with each listed session's data key (one key read per such session).
   */
  protected async listed(options: AdvancedListSessionsOptions | undefined, list: () => Promise<AdvancedSessionSummary[]>): Promise<AdvancedSessionSummary[]> {
    const { keyring } = this.encryption;
    if (keyring && options !== null && typeof options === 'object' && options.metadata !== undefined) {
      throw new SessionError('INVALID_ARGUMENT', 'listSessions cannot filter by metadata with encryption at rest on: metadata is stored encrypted', {
        sessionId: this.handle,
      });
    }
    const table = this.sessionKeyTable();
    // A session whose metadata no given key opens lists it as {} (the summary type has no null).
    const listed = await openListedMetadata(keyring, await list(), (sessionId) => table?.readSessionKey(sessionId));
    return listed.map((summary) => (summary.metadata === null ? { ...summary, metadata: {} } : summary)) as AdvancedSessionSummary[];
  }

  // ---- the session contract --------------------------------------------

  /** Validates with the current branch's handle, so an error names the id the caller uses. */
  override async addItems(items: SessionItem[]): Promise<void> {
    this.assertOpen('addItems');
    await this.guard('addItems', async () => {
      const rows = serializeItems(this.handle, items);
      if (rows.length > 0) await this.appendRows((await this.prepareRows(true)).sealAll(rows), items);
    });
  }

  /** The id that reaches the current branch: the session id on `main`, the branch id elsewhere. */
  override async getSessionId(): Promise<string> {
    return this.guard('getSessionId', async () => this.handle);
  }

  protected async readItems(limit: number | undefined): Promise<SessionItem[]> {
    return this.runRead(readBranchItems(this.context(), limit));
  }

  protected async writeItems(rows: string[]): Promise<void> {
    await this.appendRows(rows, rows.map((row) => JSON.parse(row) as unknown));
  }

  protected async removeNewestItem(): Promise<SessionItem | undefined> {
    return this.write(() => removeNewestItem(this.context()));
  }

  protected async removeAllItems(): Promise<void> {
    await this.write(() => clearBranch(this.context()));
  }

  /** The runner's history transactions and compaction, on the current branch (see `spliceBranch`). */
  protected async spliceHistory(splice: HistorySplice): Promise<SpliceOutcome> {
    try {
      return await this.write(() => spliceBranch(this.context(), splice));
    } catch (error) {
      if (error instanceof OperationRecorded) return { applied: false, recordedFingerprint: error.recordedFingerprint };
      throw error;
    }
  }

  protected async rewriteHistory(plan: (rows: StoredRow[]) => RowEdits): Promise<void> {
    await this.write(() => rewriteBranch(this.context(), plan));
  }

  // ---- branches ---------------------------------------------------------

  /** The session this object works on: its own id on `main`, the session a branch id belongs to otherwise. */
  async getRootSessionId(): Promise<string> {
    return this.guard('getRootSessionId', async () => this.#root ?? this.sessionId);
  }

  /** The branch this object reads and writes. */
  async getCurrentBranchId(): Promise<string> {
    return this.guard('getCurrentBranchId', async () => this.#branch);
  }

  /** The number of the latest user turn on the current branch (0 when it has no user message). */
  async getCurrentTurn(): Promise<number> {
    return this.guard('getCurrentTurn', () => this.runRead(branches.currentTurn(this.context())));
  }

  /**
   * Creates a branch holding turns 1..turn-1 of the current branch, so turn
   * `turn` can be asked differently, switches to it and returns its id.
   * `turn` may also be the next turn (current + 1): the branch then holds
   * the whole current history.
   */
  async createBranchFromTurn(turn: number, name?: string): Promise<string> {
    return this.guard('createBranchFromTurn', async () => {
      const ctx = this.context();
      branches.checkBranchTurn(ctx, turn);
      branches.checkBranchName(ctx, name);
      this.#branch = await this.write(() => branches.createBranchFromTurn(ctx, turn, name));
      return this.#branch;
    });
  }

  /** Creates a branch holding everything the current branch holds, switches to it and returns its id. */
  async createBranch(name?: string): Promise<string> {
    return this.guard('createBranch', async () => {
      const ctx = this.context();
      branches.checkBranchName(ctx, name);
      this.#branch = await this.write(() => branches.createBranch(ctx, name));
      return this.#branch;
    });
  }

  /** Branches from the earliest turn whose text contains `term` (see `findTurnsByContent`). */
  async createBranchFromContent(term: string, name?: string): Promise<string> {
    const [first] = await this.findTurnsByContent(term);
    if (!first) {
      throw new SessionError('NOT_FOUND', `no turn on branch ${JSON.stringify(this.#branch)} contains ${JSON.stringify(term)}`, { sessionId: this.handle });
    }
    return this.createBranchFromTurn(first.turn, name);
  }

  /** Moves this object onto `branchId` (`'main'` or a branch of this session). */
  async switchToBranch(branchId: string): Promise<void> {
    return this.guard('switchToBranch', async () => {
      const ctx = this.context();
      this.#branch = await this.runRead(existingBranch(ctx, chosenBranch(ctx, { branchId })));
    });
  }

  /**
   * Deletes a branch and its usage. Never `main`; the current branch only
   * with `force`, which moves this object to `main`. Branches created from it
   * keep their history.
   */
  async deleteBranch(branchId: string, options: { force?: boolean } = {}): Promise<void> {
    return this.guard('deleteBranch', async () => {
      const ctx = this.context();
      const id = branches.checkBranchDeletion(ctx, branchId, options);
      await this.write(() => branches.deleteBranch(ctx, id));
      if (id === this.#branch) this.#branch = MAIN_BRANCH;
    });
  }

  async listBranches(): Promise<BranchInfo[]> {
    return this.guard('listBranches', () => this.runRead(branches.listBranches(this.context())));
  }

  // ---- structured queries ------------------------------------------------

  /** Every user turn of a branch, oldest first. */
  async getConversationTurns(options?: BranchOption): Promise<ConversationTurn[]> {
    return this.guard('getConversationTurns', () => this.runRead(queries.conversationTurns(this.context(), options)));
  }

  /**
   * The user turns in which any item's text (messages, tool arguments, tool
   * output) contains `term`, case-insensitively; `%` and `_` are ordinary characters.
   */
  async findTurnsByContent(term: string, options?: BranchOption): Promise<ConversationTurn[]> {
    return this.guard('findTurnsByContent', () => this.runRead(queries.findTurnsByContent(this.context(), term, options)));
  }

  /** The kind (and tool) of every item, grouped by turn: `{ 1: [{ type: 'user', toolName: null }, ...] }`. */
  async getConversationByTurns(options?: BranchOption): Promise<Record<number, TurnItem[]>> {
    return this.guard('getConversationByTurns', () => this.runRead(queries.conversationByTurns(this.context(), options)));
  }

  /** Tool calls per tool and turn (results are not counted), in turn order. */
  async getToolUsage(options?: BranchOption): Promise<ToolUse[]> {
    return this.guard('getToolUsage', () => this.runRead(queries.toolUsage(this.context(), options)));
  }

  // ---- usage --------------------------------------------------------------

  /**
   * Records `result.state.usage` against the current turn of the current
   * branch. Storing another run in the same turn adds to it; storing the same
   * (resumed) run again adds only what it used since.
   */
  async storeRunUsage(result: unknown, options: usage.StoreRunUsageOptions = {}): Promise<void> {
    return this.guard('storeRunUsage', async () => {
      const ctx = this.context();
      const write = usage.runUsageWrite(ctx, result, options);
      await this.write(() => usage.storeRunUsage(ctx, write));
      write.commit();
    });
  }

  /** Usage of the whole session (every branch), or of one branch; `null` when nothing was stored. */
  async getSessionUsage(options?: { branchId?: string | undefined }): Promise<SessionUsage | null> {
    return this.guard('getSessionUsage', () => this.runRead(usage.sessionUsage(this.context(), options)));
  }

  /** Usage of one turn (`null` when none was stored), or of every turn with usage when `turn` is omitted. */
  async getTurnUsage(turn: number, options?: BranchOption): Promise<TurnUsage | null>;
  async getTurnUsage(turn?: undefined, options?: BranchOption): Promise<TurnUsage[]>;
  async getTurnUsage(turn?: number, options?: BranchOption): Promise<TurnUsage | null | TurnUsage[]> {
    return this.guard('getTurnUsage', () => this.runRead(usage.turnUsage(this.context(), turn, options)));
  }

  /** Runs, tokens and cost of the session (or one branch), priced with this object's price table. */
  async getUsageStats(options?: { branchId?: string | undefined }): Promise<UsageStats> {
    return this.guard('getUsageStats', () => this.runRead(usage.usageStats(this.context(), options, this.prices)));
  }

  // ---- sessions and metadata ---------------------------------------------------

  /** Replaces the session's metadata (a JSON object); creates the session row if needed. */
  async setMetadata(metadata: JsonObject): Promise<void> {
    return this.guard('setMetadata', async () => {
      await this.prepareRows(true);
      const ctx = this.context();
      await this.write(() => setMetadata(ctx, metadataText(ctx, metadata)));
    });
  }

  /** The session's metadata, `{}` when none was set. */
  async getMetadata(): Promise<JsonObject> {
    return this.guard('getMetadata', () => this.runRead(getMetadata(this.context())));
  }

  /**
   * Deletes a session with all its branches, items, usage and metadata.
   * Returns whether it existed. `sessionId` must be a session id, not a branch id.
   */
  async deleteSession(sessionId: string): Promise<boolean> {
    return this.guard('deleteSession', async () => {
      const deleted = await this.write(() => deleteSession(this.context(), sessionId));
      if (sessionId === this.#root && this.#branch !== MAIN_BRANCH) this.#branch = MAIN_BRANCH;
      return deleted;
    });
  }
}
