import { SessionError } from '../errors.js';
import { serializeJsonObject, type JsonObject } from '../items.js';
import { checkSessionId } from '../session-id.js';
import { clearTextOf, db, type AdvancedPlan, type BranchContext } from './context.js';

/** Replaces the session's metadata (`text`, checked by `metadataText`); creates the session row if needed. Run as one write transaction. */
export function* setMetadata(ctx: BranchContext, text: string): AdvancedPlan<void> {
  yield* db.touchSession(ctx.sessionId, ctx.owner ?? null, ctx.expiresAt ?? null);
  yield* db.setMetadata(ctx.sessionId, ctx.rows ? ctx.rows.seal(text) : text);
}

export function metadataText(ctx: BranchContext, metadata: unknown): string {
  return serializeJsonObject(ctx.handle, 'metadata', metadata);
}

/** The session's metadata, `{}` when none was set. */
export function* getMetadata(ctx: BranchContext): AdvancedPlan<JsonObject> {
  const text = yield* db.getMetadata(ctx.sessionId);
  return text === undefined ? {} : (JSON.parse(clearTextOf(ctx, text, 'metadata')) as JsonObject);
}

/**
 * Deletes a session with all its branches, items, usage and metadata and
 * returns whether it existed. `sessionId` must be a session id, not a branch
 * id. Run as one write transaction.
 */
export function* deleteSession(ctx: BranchContext, sessionId: string): AdvancedPlan<boolean> {
  const id = checkSessionId(sessionId);
  const owner = yield* db.sessionOfBranch(id);
  if (owner !== undefined) {
    throw new SessionError('INVALID_ARGUMENT', `${JSON.stringify(id)} is a branch of session ${JSON.stringify(owner)}; use deleteBranch`, {
      sessionId: ctx.handle,
    });
  }
  yield* db.lockSession(id);
  return yield* db.deleteSession(id);
}
