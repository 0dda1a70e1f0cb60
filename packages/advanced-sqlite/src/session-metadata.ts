import { serializeJsonObject, type JsonObject } from '@sessions/core';
import { inWriteTransaction, type SessionContext } from './session-context.js';

/** Replaces the session's metadata (a JSON object); creates the session row if needed. */
export function setMetadata(ctx: SessionContext, metadata: JsonObject): void {
  const text = serializeJsonObject(ctx.handle, 'metadata', metadata);
  inWriteTransaction(ctx, () => {
    ctx.statements.touchSession.run(ctx.sessionId);
    ctx.statements.setMetadata.run(ctx.sessionId, text);
  });
}

/** The session's metadata, `{}` when none was set. */
export function getMetadata(ctx: SessionContext): JsonObject {
  const text = ctx.statements.getMetadata.get(ctx.sessionId);
  return text === undefined ? {} : (JSON.parse(text) as JsonObject);
}
