/**
 * Table and column names every store uses, as in the Python SDK, so one
 * definition serves the SQLite, PostgreSQL and MySQL Drizzle schemas.
 */
export const SESSIONS_TABLE = 'agent_sessions';
export const MESSAGES_TABLE = 'agent_messages';

export const sessionColumns = {
  sessionId: 'session_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  /** The user or tenant the session belongs to (nullable). */
  owner: 'owner',
  /** When the session stops being readable (nullable: never). */
  expiresAt: 'expires_at',
} as const;

export const messageColumns = {
  id: 'id',
  sessionId: 'session_id',
  messageData: 'message_data',
  createdAt: 'created_at',
} as const;

export const MESSAGES_SESSION_INDEX = 'agent_messages_session_id_id_idx';

/**
 * Operation ids of the runner's history transactions, recorded with the change
 * they made so a retry is recognised. Keyed by (session_id, operation_id); the
 * rows go with the session (clearSession, deleting it).
 */
export const OPERATIONS_TABLE = 'agent_session_operations';

export const operationColumns = {
  sessionId: 'session_id',
  operationId: 'operation_id',
  fingerprint: 'fingerprint',
  createdAt: 'created_at',
} as const;
/** Keyset index for store listings: newest `updated_at` first, ties broken by id. */
export const SESSIONS_UPDATED_INDEX = 'agent_sessions_updated_at_session_id_idx';
/** The same walk restricted to one owner's sessions. */
export const SESSIONS_OWNER_INDEX = 'agent_sessions_owner_updated_at_session_id_idx';

/**
 * Encryption at rest: each encrypted session's data key, wrapped by the user's
 * key `key_id`. One row per session; it goes with the session.
 */
export const SESSION_KEYS_TABLE = 'agent_session_keys';

export const sessionKeyColumns = {
  sessionId: 'session_id',
  keyId: 'key_id',
  wrappedKey: 'wrapped_key',
  createdAt: 'created_at',
} as const;
/** Finds expired sessions for a prune. */
export const SESSIONS_EXPIRES_INDEX = 'agent_sessions_expires_at_idx';
