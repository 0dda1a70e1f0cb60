import type { ItemKind } from '../turns.js';
import type { JsonObject } from '../items.js';

/** The id `main` names the first branch of every session. */
export const MAIN_BRANCH = 'main';

export interface BranchInfo {
  branchId: string;
  /** Items the branch holds, inherited ones included. */
  messageCount: number;
  /** Number of user turns on the branch. */
  userTurns: number;
  isCurrent: boolean;
  createdAt: string;
  /** The branch it was created from (`null` for `main`). */
  parentBranchId: string | null;
  /** The turn it was created to ask differently (`null` for `main` and `createBranch()` forks of the whole history). */
  fromTurn: number | null;
}

export interface ConversationTurn {
  turn: number;
  /** The user message's text, cut to 100 characters. */
  content: string;
  fullContent: string;
  /** When the user message was stored (ISO-8601 UTC). */
  timestamp: string;
  /** Every user turn (1 and above) can be branched from. */
  canBranch: boolean;
}

export interface TurnItem {
  type: ItemKind;
  toolName: string | null;
}

export interface ToolUse {
  toolName: string;
  count: number;
  turn: number;
}

/** The token counts every usage figure carries. */
export interface TokenCounts {
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  totalTokens: number;
}

export interface UsageTotals extends TokenCounts {
  /** Stored runs (a run stored twice, e.g. after an interruption, counts once). */
  runs: number;
}

export interface SessionUsage extends UsageTotals {
  /** Distinct (branch, turn) pairs with usage. */
  totalTurns: number;
}

export interface TurnUsage extends UsageTotals {
  branchId: string;
  turn: number;
  inputTokensDetails: Record<string, number>;
  outputTokensDetails: Record<string, number>;
}

export interface ModelUsage {
  /** `null` when no model name was known for the run. */
  model: string | null;
  runs: number;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Dollars, or `null` when the model has no price. */
  cost: number | null;
}

export interface UsageStats {
  totalRuns: number;
  /** Runs whose every model had a price. */
  pricedRuns: number;
  /** Runs with at least one model without a price (or no model name); their tokens are not in `totalCost`. */
  unpricedRuns: number;
  /** Models seen without a price (`null`: runs with no model name). */
  unpricedModels: (string | null)[];
  totalRequests: number;
  totalInputTokens: number;
  totalCachedInputTokens: number;
  totalOutputTokens: number;
  totalTokens: number;
  /** Tokens of runs parts without a price, not costed. */
  unpricedTokens: number;
  /** Dollars for the priced parts only. */
  totalCost: number;
  byModel: ModelUsage[];
}

export interface SessionSummary {
  sessionId: string;
  createdAt: string;
  updatedAt: string;
  /** Items on the session's `main` branch. */
  itemCount: number;
  /** Branches, `main` included. */
  branchCount: number;
  metadata: JsonObject;
  /** Pass as `listSessions({ cursor })` to get the sessions after this one. */
  cursor: string;
}

export interface ListSessionsOptions {
  /** Only sessions whose metadata has every one of these top-level keys with exactly this scalar value. */
  metadata?: Record<string, string | number | boolean | null> | undefined;
  /** Only sessions created at or after this instant. */
  createdAfter?: Date | string | undefined;
  /** Only sessions created strictly before this instant. */
  createdBefore?: Date | string | undefined;
  /** Page size, 1..1000; 100 by default. */
  limit?: number | undefined;
  /** The `cursor` of the last session of the previous page. */
  cursor?: string | undefined;
}

export interface BranchOption {
  /** A branch of this session; the current branch when omitted. */
  branchId?: string | undefined;
}
