import type { Awaitable } from './plan.js';
import type { ArchivedUsage } from './archive-types.js';
import type { TurnRangeItem, UsageSum, UsageSumOptions } from './inspection.js';
import type { SessionUsage } from './types.js';

/** One piece of a branch's history: the messages of lane `laneId` with id <= `bound`. */
export interface Segment {
  laneId: number;
  bound: number;
  /** Set on a lane a compaction started: the branch's replay history starts at its first message. */
  replayStart?: true;
}

export interface SessionRow {
  owner: string | null;
  /** ISO-8601 UTC. */
  createdAt: string;
  updatedAt: string;
}

export interface ChainRow {
  laneId: number;
  parentBound: number | null;
  /** 0 for the lane asked for, then 1, 2, ... up its ancestors. */
  depth: number;
  /** Whether a compaction started the lane (see `insertLane`); absent reads as false. */
  replayStart?: boolean | undefined;
}

export interface BranchRow {
  branchId: string;
  laneId: number;
  parentBranchId: string | null;
  fromTurn: number | null;
  /** ISO-8601 UTC. */
  createdAt: string;
}

export interface ItemRow {
  id: number;
  data: string;
}

export interface TimedItemRow extends ItemRow {
  /** ISO-8601 UTC. */
  createdAt: string;
}

export interface StructureRow extends TimedItemRow {
  turn: number;
  kind: string;
  toolName: string | null;
}

export interface NewestRow {
  id: number;
  turn: number;
  laneId: number;
}

/** A message to append, with the structure computed once when it is written. */
export interface NewMessage {
  data: string;
  turn: number;
  kind: string;
  toolName: string | null;
  /** `itemText` normalised for search (see `normalizeForSearch`). */
  searchText: string;
}

/** A usage row to store; `createdAt` is the time of writing when null. */
export interface UsageInsert extends Omit<ArchivedUsage, 'createdAt'> {
  sessionId: string;
  createdAt: string | null;
}

/** A turn's usage sums, with the token details of each row as stored (JSON object texts). */
export interface TurnUsageRow extends Omit<SessionUsage, 'totalTurns'> {
  branchId: string;
  turn: number;
  inputTokensDetails: string[];
  outputTokensDetails: string[];
}

/** Usage of one run and model, summed. */
export interface RunModelRow {
  runId: string;
  model: string | null;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/**
 * What a store contributes to the branch model: its SQL for each step, run
 * on one connection (inside the transaction a write plan runs in). Every step
 * names the session it works on, so every table can be keyed (and sharded) by
 * session id. Steps over `segments` (newest first) may read them one by one
 * or in a single statement: that is the store's hot path to tune.
 *
 * Lanes and message ids: a lane's messages have ids above its parent bound,
 * and message ids grow in the order a session's writes commit.
 */
export interface AdvancedDriver {
  /** Whether a lane chain read now may be cached: false where a rollback could give its lane id to another lane. */
  canRememberChains(): Awaitable<boolean>;

  // sessions
  /** The session a branch id (other than `main`) belongs to. */
  sessionOfBranch(branchId: string): Awaitable<string | undefined>;
  sessionExists(sessionId: string): Awaitable<boolean>;
  /**
   * Creates the session row (with `owner`: a session keeps the owner it was
   * created with) or moves its `updated_at` to now. Like `lockSession`, it
   * holds the session's writers back until the transaction ends. A new row
   * gets `expiresAt` (ISO-8601 UTC); an expired session is refused with
   * `SESSION_EXPIRED` (see `sessionExpiredError`).
   */
  touchSession(sessionId: string, owner: string | null, expiresAt?: string | null): Awaitable<void>;
  /**
   * The first step of every write that does not start with `touchSession`:
   * holds the session's other writers back until the transaction ends (a row
   * lock on a server; SQLite's write transactions already exclude each other).
   * Creates nothing.
   */
  lockSession(sessionId: string): Awaitable<void>;
  /** Deletes the session and everything it holds; whether it existed. */
  deleteSession(sessionId: string): Awaitable<boolean>;
  sessionRow(sessionId: string): Awaitable<SessionRow | undefined>;
  /** Puts back a session row's times and owner (restoring an archive). */
  restoreSession(sessionId: string, row: SessionRow): Awaitable<void>;

  // branches
  /** `undefined` also when the session has expired, so an expired session reads as empty. */
  branch(sessionId: string, branchId: string): Awaitable<BranchRow | undefined>;
  /** In creation order. */
  branches(sessionId: string): Awaitable<BranchRow[]>;
  countBranches(sessionId: string): Awaitable<number>;
  insertBranch(sessionId: string, branchId: string, laneId: number, parentBranchId: string | null, fromTurn: number | null): Awaitable<void>;
  setBranchLane(sessionId: string, branchId: string, laneId: number): Awaitable<void>;
  setBranchOrigin(sessionId: string, branchId: string, parentBranchId: string | null, fromTurn: number | null, createdAt: string | null): Awaitable<void>;
  deleteBranch(sessionId: string, branchId: string): Awaitable<void>;

  // lanes
  /** The lane and its ancestors, in any order (with their depth). */
  chain(sessionId: string, laneId: number): Awaitable<ChainRow[]>;
  /**
   * A new lane continuing `parentLaneId` up to message id `parentBound`; its id.
   * With `replayStart` (a compaction), the history the runner replays starts
   * at the lane's first message; the transcript still reads its ancestors.
   */
  insertLane(sessionId: string, parentLaneId: number | null, parentBound: number | null, replayStart?: boolean): Awaitable<number>;
  laneParent(sessionId: string, laneId: number): Awaitable<number | null>;
  /** Whether a child lane inherits message `messageId` (or a later one) of the lane. */
  laneInherited(sessionId: string, laneId: number, messageId: number): Awaitable<boolean>;
  /** The highest bound a child lane inherits from the lane, `null` when none does. */
  laneChildBound(sessionId: string, laneId: number): Awaitable<number | null>;
  laneHasChildren(sessionId: string, laneId: number): Awaitable<boolean>;
  /** Whether a branch writes to the lane. */
  laneHasHead(sessionId: string, laneId: number): Awaitable<boolean>;
  deleteLane(sessionId: string, laneId: number): Awaitable<void>;
  /** Deletes the lane's messages with id > `bound`. */
  deleteLaneMessagesAbove(sessionId: string, laneId: number, bound: number): Awaitable<void>;

  // messages
  insertMessages(sessionId: string, laneId: number, messages: NewMessage[]): Awaitable<void>;
  deleteMessage(sessionId: string, messageId: number): Awaitable<void>;
  /** Replaces a message's JSON text and structure in place (it keeps its id, lane and timestamp). */
  updateMessage(sessionId: string, messageId: number, message: NewMessage): Awaitable<void>;
  messageById(sessionId: string, messageId: number): Awaitable<ItemRow | undefined>;
  /** The newest message of the segments, with its lane. */
  newest(sessionId: string, segments: Segment[]): Awaitable<NewestRow | undefined>;
  /** The JSON texts of the newest `limit` messages (all when undefined), oldest first. */
  itemTexts(sessionId: string, segments: Segment[], limit: number | undefined): Awaitable<string[]>;
  /** The same messages with their ids (read again to name a corrupt row). */
  itemRows(sessionId: string, segments: Segment[], limit: number | undefined): Awaitable<ItemRow[]>;
  /** Every message with its timestamp, oldest first. */
  timedRows(sessionId: string, segments: Segment[]): Awaitable<TimedItemRow[]>;
  setItemTime(sessionId: string, messageId: number, createdAt: string): Awaitable<void>;
  countMessages(sessionId: string, segments: Segment[]): Awaitable<number>;
  /** Every message's structure, oldest first; only user messages when `userOnly`. */
  structure(sessionId: string, segments: Segment[], userOnly: boolean): Awaitable<StructureRow[]>;
  /** The user message that opens `turn`, or undefined. */
  turnOpener(sessionId: string, segments: Segment[], turn: number): Awaitable<StructureRow | undefined>;
  /** The messages of turns `fromTurn..toTurn` (inclusive) with their turn and timestamp, oldest first. */
  turnRange(sessionId: string, segments: Segment[], fromTurn: number, toTurn: number): Awaitable<TurnRangeItem[]>;
  /** Turns (1 and above) with a message whose search text contains `needle`. */
  matchingTurns(sessionId: string, segments: Segment[], needle: string): Awaitable<number[]>;

  // operations of the runner's history transactions (the plain stores' operations table)
  /** The fingerprint recorded with `operationId` in the session, if any; read with the session locked. */
  operationFingerprint(sessionId: string, operationId: string): Awaitable<string | undefined>;
  recordOperation(sessionId: string, operationId: string, fingerprint: string): Awaitable<void>;
  deleteOperations(sessionId: string): Awaitable<void>;

  // usage
  insertUsage(row: UsageInsert): Awaitable<void>;
  /** Deletes the branch's usage rows and the model responses recorded as stored on it. */
  deleteBranchUsage(sessionId: string, branchId: string): Awaitable<void>;
  /**
   * Records model response keys as stored on the branch; returns those that
   * were not recorded yet (the others were stored before, in any process).
   */
  claimResponses(sessionId: string, branchId: string, keys: string[]): Awaitable<string[]>;
  /** Sums over the session (every branch when `branchId` is null); `runs` is 0 when there is none. */
  usageTotals(sessionId: string, branchId: string | null): Awaitable<SessionUsage>;
  turnUsage(sessionId: string, branchId: string, turn: number | null): Awaitable<TurnUsageRow[]>;
  runModelUsage(sessionId: string, branchId: string | null): Awaitable<RunModelRow[]>;
  /**
   * Usage summed per group over the store (or the session, branch and turn
   * range given), ordered by the grouped fields; no rows when nothing matches.
   */
  usageSums(options: UsageSumOptions): Awaitable<UsageSum[]>;
  /** Every usage row, in the order stored. */
  usageRows(sessionId: string): Awaitable<ArchivedUsage[]>;

  // metadata
  getMetadata(sessionId: string): Awaitable<string | undefined>;
  setMetadata(sessionId: string, metadata: string): Awaitable<void>;
}
