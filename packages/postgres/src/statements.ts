import {
  MESSAGES_TABLE,
  SESSIONS_TABLE,
  SESSION_KEYS_TABLE,
  messageColumns as m,
  sessionColumns as s,
  sessionKeyColumns as k,
} from '@sessions/core';

/**
 * The SQL of the session contract. Each is one statement, so each call is one
 * round trip and its own transaction. They run as named prepared statements:
 * pg parses each once per connection.
 */
export interface NamedStatement {
  name: string;
  text: string;
}

const named = (name: string, text: string): NamedStatement => ({ name: `sessions_pg_${name}`, text });

/** True unless session `$1` has expired: folded into each read, so an expired session reads as empty in the same statement. */
export const LIVE = `NOT EXISTS (SELECT 1 FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" = $1 AND "${s.expiresAt}" <= now())`;

export interface MessageRow {
  id: string;
  data: string;
}

/**
 * Upserts the session row (touching updated_at; a new row gets the owner `$3` and expiry `$4`) and appends the batch, in order.
 * An expired session is not touched, so nothing is appended (0 rows: the caller refuses the write).
 * The upsert locks the session row until commit, so concurrent batches of one
 * session take their ids one batch after another: a batch is always contiguous.
 * The messages come from the CTE's output, so the lock is taken before any id is drawn.
 */
export const appendItems = named(
  'append_items',
  `WITH session AS (
     INSERT INTO "${SESSIONS_TABLE}" ("${s.sessionId}", "owner", "${s.expiresAt}") VALUES ($1, $3, $4)
     ON CONFLICT ("${s.sessionId}") DO UPDATE SET "${s.updatedAt}" = now()
     WHERE "${SESSIONS_TABLE}"."${s.expiresAt}" IS NULL OR "${SESSIONS_TABLE}"."${s.expiresAt}" > now()
     RETURNING "${s.sessionId}"
   )
   INSERT INTO "${MESSAGES_TABLE}" ("${m.sessionId}", "${m.messageData}")
   SELECT session."${s.sessionId}", batch.data
   FROM session, unnest($2::text[]) WITH ORDINALITY AS batch(data, n)
   ORDER BY batch.n`,
);

export const selectAll = named(
  'select_all',
  `SELECT "${m.id}" AS id, "${m.messageData}" AS data FROM "${MESSAGES_TABLE}"
   WHERE "${m.sessionId}" = $1 AND ${LIVE} ORDER BY "${m.id}" ASC`,
);

/** Newest first; the caller reverses the page. */
export const selectLatest = named(
  'select_latest',
  `SELECT "${m.id}" AS id, "${m.messageData}" AS data FROM "${MESSAGES_TABLE}"
   WHERE "${m.sessionId}" = $1 AND ${LIVE} ORDER BY "${m.id}" DESC LIMIT $2`,
);

/**
 * Deletes the newest row. FOR UPDATE makes a concurrent pop wait on the same row;
 * when that row turns out deleted, PostgreSQL moves on to the next newest, so two
 * clients popping at once get different items and neither comes back empty-handed
 * while items remain. Naming the session in the outer WHERE lets the delete use the
 * (session_id, id) key, and keeps the statement on one shard of a sharded cluster.
 */
export const popNewest = named(
  'pop_newest',
  `DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = $1 AND "${m.id}" = (
     SELECT "${m.id}" FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = $1 AND ${LIVE}
     ORDER BY "${m.id}" DESC LIMIT 1 FOR UPDATE
   )
   RETURNING "${m.id}" AS id, "${m.messageData}" AS data`,
);

/**
 * Removes the session row; its messages (and any branches, usage and metadata an
 * AdvancedPostgresSession stored) go with it (ON DELETE CASCADE), in the same
 * statement, as do its branch ids, which no foreign key can reach.
 */
export const deleteSessionRow = named(
  'delete_session',
  `WITH handles AS (DELETE FROM advanced_branch_handles WHERE "${s.sessionId}" = $1)
   DELETE FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" = $1`,
);

/** Encryption at rest: the session's wrapped data key. */
export const selectSessionKey = named(
  'select_session_key',
  `SELECT "${k.keyId}" AS "keyId", "${k.wrappedKey}" AS "wrappedKey" FROM "${SESSION_KEYS_TABLE}" WHERE "${k.sessionId}" = $1`,
);

/** Creates the session row when absent (owner `$2`, expiry `$5`), then stores the key unless the session has one. */
export const insertSessionKey = named(
  'insert_session_key',
  `WITH session AS (
     INSERT INTO "${SESSIONS_TABLE}" ("${s.sessionId}", "owner", "${s.expiresAt}") VALUES ($1, $2, $5) ON CONFLICT DO NOTHING
   )
   INSERT INTO "${SESSION_KEYS_TABLE}" ("${k.sessionId}", "${k.keyId}", "${k.wrappedKey}") VALUES ($1, $3, $4)
   ON CONFLICT DO NOTHING`,
);
