/**
 * What the inspector's JSON API answers: shared by the server, the data
 * source behind it and the browser app (type imports only, so nothing of
 * the server ends up in the bundle).
 */
import type { TokenCounts } from '@sessions/core';
import type { ItemView } from '../session-view.js';

export type { ItemView };

/** The store's kind (names the adapter package: sqlite, advanced-sqlite, postgres, mysql, ...). */
export type StoreKind = string;
export type SortKey = 'updated' | 'created' | 'items' | 'branches' | 'tokens' | 'cost';
export type SortOrder = 'asc' | 'desc';

export interface StoreInfo {
  kind: StoreKind;
  /** Where the store is, passwords redacted. */
  display: string;
  holds: { branches: boolean; usage: boolean; metadata: boolean; owner: boolean };
  /** The orders the sessions list can take on this store. */
  sorts: SortKey[];
  /** Whether a branch can be read from any turn on (the store keeps turn numbers); otherwise it is read from its start. */
  turnIndex: boolean;
  /** What the store does not keep, in words, for the page to say instead of showing empty panels. */
  lacks: string[];
}

export interface SessionQuery {
  sort: SortKey;
  order: SortOrder;
  /** 1 to 200. */
  limit: number;
  cursor?: string | undefined;
  owner?: string | undefined;
  /** Sessions whose metadata has each key with exactly this value (compared as text, numbers and booleans as JSON). */
  metadata?: Record<string, string> | undefined;
  /** Sessions with an item whose text contains this, case-insensitively. */
  search?: string | undefined;
}

/** Tokens and cost summed over some usage rows. */
export interface UsageView extends TokenCounts {
  runs: number;
  /** Dollars for the priced part only. */
  cost: number;
  /** Runs of models without a price (or without a model name): counted, never costed at zero. */
  unpricedRuns: number;
  unpricedModels: (string | null)[];
}

export interface SessionRow {
  sessionId: string;
  createdAt: string;
  updatedAt: string;
  /** Items on main. */
  items: number;
  /** The user or tenant it belongs to, when one was recorded. */
  owner?: string | null | undefined;
  /** Stores with branches: branches, main included. */
  branches?: number | undefined;
  /** Stores with usage. */
  usage?: UsageView | undefined;
  metadata?: Record<string, unknown> | null | undefined;
}

export interface SessionPage {
  sessions: SessionRow[];
  nextCursor?: string | undefined;
}

export interface BranchView {
  branchId: string;
  parentBranchId: string | null;
  /** The turn it was created to ask differently; `null` for main and whole-history forks. */
  fromTurn: number | null;
  createdAt: string;
  /** User turns it reads (inherited ones included); `null` when the store does not number turns. */
  turns: number | null;
  /** Items it reads, inherited ones included. */
  items: number;
  /** Usage recorded on this branch (not its inherited turns), on stores with usage. */
  usage?: UsageView | undefined;
}

export interface SessionOverview {
  sessionId: string;
  createdAt: string;
  updatedAt: string;
  /** `undefined` when the store cannot tell without reading the whole session. */
  owner?: string | null | undefined;
  metadata: Record<string, unknown> | null;
  /** Items on main (see SessionRow.items). */
  items: number;
  /** main first. */
  branches: BranchView[];
  /** Every branch's usage, on stores with usage. */
  usage?: UsageView | undefined;
}

export interface TurnView {
  turn: number;
  /** Read from the branch it was created from, not written on this one. */
  inherited: boolean;
  items: ItemView[];
  usage?: UsageView | undefined;
}

export interface TurnPage {
  sessionId: string;
  branchId: string;
  turns: TurnView[];
  /** Turns the branch reads in all; `null` when the store does not number turns. */
  turnCount: number | null;
  nextCursor?: string | undefined;
}

export interface RunUsageView extends Omit<UsageView, 'runs' | 'unpricedRuns' | 'unpricedModels'> {
  runId: string;
  model: string | null;
  /** Dollars; 0 and `priced: false` when the model has no price. */
  cost: number;
  priced: boolean;
}

export interface TurnUsageView {
  turn: number;
  usage: UsageView;
  runs: RunUsageView[];
}

export interface UsagePage {
  sessionId: string;
  branchId: string;
  fromTurn: number;
  toTurn: number;
  turnCount: number;
  turns: TurnUsageView[];
}

export interface ModelUsageView extends UsageView {
  model: string | null;
  priced: boolean;
}

export interface StoreUsage {
  recordsUsage: boolean;
  /** Sessions with recorded usage. */
  sessions: number;
  total: UsageView;
  byModel: ModelUsageView[];
}

export interface ApiError {
  error: { status: number; message: string };
}
