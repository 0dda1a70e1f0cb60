import { AdvancedSessionBase, type AgentSession } from '@sessions/core';

/**
 * Branches, usage per turn and content search come with the advanced
 * stores (whose `openSession` gives an `AdvancedSessionBase`); the other
 * stores hold the plain session contract, and the demo says so where a
 * command needs more.
 */
export type BranchingSession = AdvancedSessionBase;

export function hasBranching(session: AgentSession): session is BranchingSession {
  return session instanceof AdvancedSessionBase;
}

/** Stores that record each run's token usage against its turn. */
export function tracksUsage(session: AgentSession): session is BranchingSession {
  return hasBranching(session);
}
