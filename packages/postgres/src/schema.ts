import {
  MESSAGES_TABLE,
  OPERATIONS_TABLE,
  SESSIONS_EXPIRES_INDEX,
  SESSIONS_TABLE,
  SESSION_KEYS_TABLE,
  messageColumns,
  operationColumns,
  sessionColumns,
  sessionKeyColumns,
} from '@sessions/core';
import { bigint, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Keyset index for `listSessions`: newest `updated_at` first, ties broken by id. */
export const SESSIONS_UPDATED_INDEX = 'agent_sessions_updated_at_session_id_idx';
/** The same order within one owner's sessions. */
export const SESSIONS_OWNER_INDEX = 'agent_sessions_owner_updated_at_session_id_idx';
/** Newest `created_at` first, for an advanced session's `listSessions`. */
export const SESSIONS_CREATED_INDEX = 'agent_sessions_created_at_session_id_idx';

export const agentSessions = pgTable(
  SESSIONS_TABLE,
  {
    // text: PostgreSQL indexes it whole, so the 255-character ids of @sessions/core fit without a length.
    sessionId: text(sessionColumns.sessionId).primaryKey(),
    createdAt: timestamp(sessionColumns.createdAt, { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp(sessionColumns.updatedAt, { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The user or tenant the session belongs to, set when the row is created and never changed. */
    owner: text('owner'),
    /** When the session stops being readable; null: never. */
    expiresAt: timestamp(sessionColumns.expiresAt, { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index(SESSIONS_UPDATED_INDEX).on(table.updatedAt, table.sessionId),
    index(SESSIONS_OWNER_INDEX).on(table.owner, table.updatedAt, table.sessionId),
    index(SESSIONS_CREATED_INDEX).on(table.createdAt, table.sessionId),
    // A prune of expired sessions finds them through this one.
    index(SESSIONS_EXPIRES_INDEX).on(table.expiresAt),
  ],
);

export const agentMessages = pgTable(
  MESSAGES_TABLE,
  {
    // Identity ids only grow (a sequence never hands a value out twice), so id order is insertion order.
    id: bigint(messageColumns.id, { mode: 'number' }).generatedAlwaysAsIdentity(),
    sessionId: text(messageColumns.sessionId)
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    // JSON text, not jsonb: jsonb rejects \u0000 in strings and reorders keys; text keeps the bytes as written.
    messageData: text(messageColumns.messageData).notNull(),
    createdAt: timestamp(messageColumns.createdAt, { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // Keyed by session first, so a cluster can shard the table by session_id (see README); the key's
  // index also serves every read, which asks for one session's rows in id order.
  (table) => [primaryKey({ columns: [table.sessionId, table.id] })],
);

/** Operation ids of applied history transactions (see @sessions/core); keyed by session first, they go with their session. */
export const agentSessionOperations = pgTable(
  OPERATIONS_TABLE,
  {
    sessionId: text(operationColumns.sessionId)
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    operationId: text(operationColumns.operationId).notNull(),
    // sha256 of the transaction, so a retry is told from a different transaction under the same id.
    fingerprint: text(operationColumns.fingerprint).notNull(),
    createdAt: timestamp(operationColumns.createdAt, { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.operationId] })],
);

/** Encryption at rest: each encrypted session's data key, wrapped by the user's key `key_id`; it goes with its session. */
export const agentSessionKeys = pgTable(SESSION_KEYS_TABLE, {
  sessionId: text(sessionKeyColumns.sessionId)
    .primaryKey()
    .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
  keyId: text(sessionKeyColumns.keyId).notNull(),
  wrappedKey: text(sessionKeyColumns.wrappedKey).notNull(),
  createdAt: timestamp(sessionKeyColumns.createdAt, { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
