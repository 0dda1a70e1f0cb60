import type { RunResult } from '@openai/agents';
import type { AgentSession } from '@sessions/core';

/** The part of @sessions/advanced-sqlite's API the demo uses (issue 4). */
export interface UsageTracking {
  storeRunUsage(result: RunResult<any, any>): Promise<unknown>;
}

export interface BranchingSession extends AgentSession, UsageTracking {
  getConversationTurns(options?: { branchId?: string }): Promise<TurnSummary[]>;
  createBranchFromTurn(turn: number, name?: string): Promise<string>;
  listBranches(): Promise<BranchSummary[]>;
  switchToBranch(branchId: string): Promise<unknown>;
  getCurrentBranch?(): string | Promise<string>;
  getTurnUsage(turn?: number, options?: { branchId?: string }): Promise<unknown>;
  getSessionUsage(options?: { branchId?: string }): Promise<unknown>;
  getUsageStats(options?: unknown): Promise<unknown>;
  findTurnsByContent(term: string, options?: { branchId?: string }): Promise<TurnSummary[]>;
}

export interface TurnSummary {
  turn: number;
  content: string;
  branchId?: string;
}

export interface BranchSummary {
  branchId: string;
  isCurrent: boolean;
}

export function tracksUsage(session: AgentSession): session is AgentSession & UsageTracking {
  return typeof (session as Partial<UsageTracking>).storeRunUsage === 'function';
}

export function hasBranching(session: AgentSession): session is BranchingSession {
  return typeof (session as Partial<BranchingSession>).createBranchFromTurn === 'function';
}
