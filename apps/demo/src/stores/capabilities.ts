import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import type { AgentSession } from '@sessions/core';

/**
 * Branches, usage per turn and content search come with
 * @sessions/advanced-sqlite; the other stores hold the plain session
 * contract, and the demo says so where a command needs more.
 */
export type BranchingSession = AdvancedSQLiteSession;

export function hasBranching(session: AgentSession): session is BranchingSession {
  return session instanceof AdvancedSQLiteSession;
}

/** Stores that record each run's token usage against its turn. */
export function tracksUsage(session: AgentSession): session is BranchingSession {
  return hasBranching(session);
}
