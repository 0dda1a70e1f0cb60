import { checkSessionId, SessionError } from '@sessions/core';
import { inWriteTransaction, type SessionContext } from './session-context.js';

/**
 * Deletes a session with all its branches, items, usage and metadata (the
 * foreign keys cascade from `agent_sessions`) and returns whether it
 * existed. `sessionId` must be a session id, not a branch id.
 */
export function deleteSession(ctx: SessionContext, sessionId: string): boolean {
  const id = checkSessionId(sessionId);
  const owner = ctx.statements.branchOwner.get(id);
  if (owner !== undefined) {
    throw new SessionError('INVALID_ARGUMENT', `${JSON.stringify(id)} is a branch of session ${JSON.stringify(owner)}; use deleteBranch`, {
      sessionId: ctx.handle,
    });
  }
  return inWriteTransaction(ctx, () => ctx.statements.deleteSession.run(id).changes > 0);
}
