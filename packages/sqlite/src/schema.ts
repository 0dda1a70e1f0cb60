import {
  MESSAGES_SESSION_INDEX,
  MESSAGES_TABLE,
  OPERATIONS_TABLE,
  SESSIONS_OWNER_INDEX,
  SESSIONS_EXPIRES_INDEX,
  SESSIONS_TABLE,
  SESSION_KEYS_TABLE,
  SESSIONS_UPDATED_INDEX,
  messageColumns,
  operationColumns,
  sessionColumns,
  sessionKeyColumns,
} from '@sessions/core';
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** ISO-8601 UTC with milliseconds, so text order is time order. */
const nowIso = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const agentSessions = sqliteTable(
  SESSIONS_TABLE,
  {
    sessionId: text(sessionColumns.sessionId).primaryKey(),
    createdAt: text(sessionColumns.createdAt).notNull().default(nowIso),
    updatedAt: text(sessionColumns.updatedAt).notNull().default(nowIso),
    /** The user or tenant the session belongs to, set when the row is created. */
    owner: text(sessionColumns.owner),
    /** When the session stops being readable (ISO-8601 UTC text like the other times); null: never. */
    expiresAt: text(sessionColumns.expiresAt),
  },
  // Listing newest first (all sessions, or one owner's) walks one of these backwards.
  (table) => [
    index(SESSIONS_UPDATED_INDEX).on(table.updatedAt, table.sessionId),
    index(SESSIONS_OWNER_INDEX).on(table.owner, table.updatedAt, table.sessionId),
    // A prune of expired sessions finds them through this one.
    index(SESSIONS_EXPIRES_INDEX).on(table.expiresAt),
  ],
);

export const agentMessages = sqliteTable(
  MESSAGES_TABLE,
  {
    // AUTOINCREMENT: ids are never reused after a pop, so id order is insertion order forever.
    id: integer(messageColumns.id).primaryKey({ autoIncrement: true }),
    sessionId: text(messageColumns.sessionId)
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    // JSON text, not a JSON type: stored byte for byte, key order and all.
    messageData: text(messageColumns.messageData).notNull(),
    createdAt: text(messageColumns.createdAt).notNull().default(nowIso),
  },
  (table) => [index(MESSAGES_SESSION_INDEX).on(table.sessionId, table.id)],
);

/** Operation ids of applied history transactions (see @sessions/core); they go with their session. */
export const agentSessionOperations = sqliteTable(
  OPERATIONS_TABLE,
  {
    sessionId: text(operationColumns.sessionId)
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    operationId: text(operationColumns.operationId).notNull(),
    // sha256 of the transaction, so a retry is told from a different transaction under the same id.
    fingerprint: text(operationColumns.fingerprint).notNull(),
    createdAt: text(operationColumns.createdAt).notNull().default(nowIso),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.operationId] })],
);

/** Encryption at rest: each encrypted session's data key, wrapped by the user's key `key_id`; it goes with its session. */
export const agentSessionKeys = sqliteTable(SESSION_KEYS_TABLE, {
  sessionId: text(sessionKeyColumns.sessionId)
    .primaryKey()
    .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
  keyId: text(sessionKeyColumns.keyId).notNull(),
  wrappedKey: text(sessionKeyColumns.wrappedKey).notNull(),
  createdAt: text(sessionKeyColumns.createdAt).notNull().default(nowIso),
});
