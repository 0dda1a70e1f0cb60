import {
  MESSAGES_TABLE,
  OPERATIONS_TABLE,
  SESSIONS_TABLE,
  SESSION_KEYS_TABLE,
  messageColumns as m,
  operationColumns as o,
  sessionColumns as s,
  sessionKeyColumns as k,
  type StoredSessionKey,
} from '@sessions/core';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './connection.js';

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

export interface MessageRow {
  id: number;
  data: string;
}

/** The prepared statements of the session contract, compiled once per connection. */
export interface SessionStatements {
  /** (session id, owner): creates the row with its owner, or moves `updated_at`; the owner never changes. */
  touchSession: Statement<[string, string | null]>;
  insertMessage: Statement<[string, string]>;
  /** JSON text only (plucked), oldest first. */
  selectAll: Statement<[string], string>;
  /** JSON text only (plucked), newest first. */
  selectLatest: Statement<[string, number], string>;
  popNewest: Statement<[string], MessageRow>;
  deleteMessages: Statement<[string]>;
  deleteOperations: Statement<[string]>;
  deleteSession: Statement<[string]>;
  selectKey: Statement<[string], StoredSessionKey>;
  /** (session id, owner): creates the session row when absent, leaving an existing one as it is. */
  ensureSession: Statement<[string, string | null]>;
  /** (session id, key id, wrapped key): kept only when the session has no key yet. */
  insertKey: Statement<[string, string, string]>;
}

export function prepareSessionStatements(db: SqliteDatabase): SessionStatements {
  return {
    touchSession: db.prepare(
      `INSERT INTO "${SESSIONS_TABLE}" ("${s.sessionId}", "${s.owner}") VALUES (?, ?)
       ON CONFLICT ("${s.sessionId}") DO UPDATE SET "${s.updatedAt}" = ${NOW}`,
    ),
    insertMessage: db.prepare(`INSERT INTO "${MESSAGES_TABLE}" ("${m.sessionId}", "${m.messageData}") VALUES (?, ?)`),
    selectAll: db
      .prepare<[string], string>(`SELECT "${m.messageData}" FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ? ORDER BY "${m.id}" ASC`)
      .pluck(),
    selectLatest: db
      .prepare<[string, number], string>(
        `SELECT "${m.messageData}" FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ? ORDER BY "${m.id}" DESC LIMIT ?`,
      )
      .pluck(),
    popNewest: db.prepare(
      `DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.id}" =
         (SELECT "${m.id}" FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ? ORDER BY "${m.id}" DESC LIMIT 1)
       RETURNING "${m.id}" AS id, "${m.messageData}" AS data`,
    ),
    deleteMessages: db.prepare(`DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ?`),
    deleteOperations: db.prepare(`DELETE FROM "${OPERATIONS_TABLE}" WHERE "${o.sessionId}" = ?`),
    deleteSession: db.prepare(`DELETE FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" = ?`),
    selectKey: db.prepare(
      `SELECT "${k.keyId}" AS keyId, "${k.wrappedKey}" AS wrappedKey FROM "${SESSION_KEYS_TABLE}" WHERE "${k.sessionId}" = ?`,
    ),
    ensureSession: db.prepare(`INSERT INTO "${SESSIONS_TABLE}" ("${s.sessionId}", "${s.owner}") VALUES (?, ?) ON CONFLICT DO NOTHING`),
    insertKey: db.prepare(
      `INSERT INTO "${SESSION_KEYS_TABLE}" ("${k.sessionId}", "${k.keyId}", "${k.wrappedKey}") VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
  };
}
