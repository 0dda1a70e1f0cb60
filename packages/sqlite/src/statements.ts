import {
  MESSAGES_TABLE,
  OPERATIONS_TABLE,
  SESSIONS_TABLE,
  SESSION_KEYS_TABLE,
  messageColumns as m,
  operationColumns as o,
  sessionColumns as s,
  sessionExpiredError,
  sessionKeyColumns as k,
  type StoredSessionKey,
} from '@sessions/core';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './connection.js';

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/**
 * A LIMIT of `rows` rows, or none when the session (a parameter: reads bind the session id once
 * more for it) has expired: the expiry check folded into each read, so an expired session reads as
 * empty in the same statement. In the LIMIT, SQLite evaluates it once per statement.
 */
const unlessExpired = (rows: string) =>
  `LIMIT CASE WHEN EXISTS (SELECT 1 FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" = ? AND "${s.expiresAt}" <= ${NOW}) THEN 0 ELSE ${rows} END`;

export interface MessageRow {
  id: number;
  data: string;
}

/** The prepared statements of the session contract, compiled once per connection. */
export interface SessionStatements {
  /**
   * (session id, owner, expires at): creates the row with its owner and expiry, or moves
   * `updated_at`; the owner never changes. Changes nothing (0 changes) when the session has expired.
   */
  touchSession: Statement<[string, string | null, string | null]>;
  insertMessage: Statement<[string, string]>;
  /** (session id twice) JSON text only (plucked), oldest first; none when the session has expired. */
  selectAll: Statement<[string, string], string>;
  /** (session id twice, limit) JSON text only (plucked), newest first; none when the session has expired. */
  selectLatest: Statement<[string, string, number], string>;
  /** (session id twice) the newest item, deleted; none when the session has expired. */
  popNewest: Statement<[string, string], MessageRow>;
  deleteMessages: Statement<[string]>;
  deleteOperations: Statement<[string]>;
  deleteSession: Statement<[string]>;
  selectKey: Statement<[string], StoredSessionKey>;
  /** (session id, owner): creates the session row when absent, leaving an existing one as it is. */
  ensureSession: Statement<[string, string | null, string | null]>;
  /** (session id, key id, wrapped key): kept only when the session has no key yet. */
  insertKey: Statement<[string, string, string]>;
}

export function prepareSessionStatements(db: SqliteDatabase): SessionStatements {
  return {
    touchSession: db.prepare(
      `INSERT INTO "${SESSIONS_TABLE}" ("${s.sessionId}", "${s.owner}", "${s.expiresAt}") VALUES (?, ?, ?)
       ON CONFLICT ("${s.sessionId}") DO UPDATE SET "${s.updatedAt}" = ${NOW}
       WHERE "${SESSIONS_TABLE}"."${s.expiresAt}" IS NULL OR "${SESSIONS_TABLE}"."${s.expiresAt}" > ${NOW}`,
    ),
    insertMessage: db.prepare(`INSERT INTO "${MESSAGES_TABLE}" ("${m.sessionId}", "${m.messageData}") VALUES (?, ?)`),
    selectAll: db
      .prepare<[string, string], string>(`SELECT "${m.messageData}" FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ? ORDER BY "${m.id}" ASC ${unlessExpired('-1')}`)
      .pluck(),
    selectLatest: db
      .prepare<[string, string, number], string>(
        `SELECT "${m.messageData}" FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ? ORDER BY "${m.id}" DESC ${unlessExpired('?')}`,
      )
      .pluck(),
    popNewest: db.prepare(
      `DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.id}" =
         (SELECT "${m.id}" FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ? ORDER BY "${m.id}" DESC ${unlessExpired('1')})
       RETURNING "${m.id}" AS id, "${m.messageData}" AS data`,
    ),
    deleteMessages: db.prepare(`DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ?`),
    deleteOperations: db.prepare(`DELETE FROM "${OPERATIONS_TABLE}" WHERE "${o.sessionId}" = ?`),
    deleteSession: db.prepare(`DELETE FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" = ?`),
    selectKey: db.prepare(
      `SELECT "${k.keyId}" AS keyId, "${k.wrappedKey}" AS wrappedKey FROM "${SESSION_KEYS_TABLE}" WHERE "${k.sessionId}" = ?`,
    ),
    ensureSession: db.prepare(
      `INSERT INTO "${SESSIONS_TABLE}" ("${s.sessionId}", "${s.owner}", "${s.expiresAt}") VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    insertKey: db.prepare(
      `INSERT INTO "${SESSION_KEYS_TABLE}" ("${k.sessionId}", "${k.keyId}", "${k.wrappedKey}") VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
  };
}

/** Creates or touches the session row inside the caller's transaction; `SESSION_EXPIRED` (rolling it back) when it has expired. */
export function touchLiveSession(statements: SessionStatements, sessionId: string, owner: string | null, expiresAt: string | null): void {
  if (statements.touchSession.run(sessionId, owner, expiresAt).changes === 0) throw sessionExpiredError(sessionId);
}
