import type { ClearRowTable, EncryptionStatus, KeyRotationTable, SessionKeyRow, StoredRow, StoredSessionKey } from '@sessions/core';
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { runTransaction } from '../transaction.js';

/** Rows not starting like an encrypted row (see `isEncryptedText` of @sessions/core). */
const CLEAR = `message_data NOT LIKE '{"$enc":1,%'`;
const KEY = 'key_id AS keyId, wrapped_key AS wrappedKey';

/** Key rotation on `agent_session_keys`. */
export function mysqlKeyRotation(pool: Pool): KeyRotationTable {
  return {
    async keysNotWrappedBy(keyId, after, limit) {
      const [rows] = await pool.query<(RowDataPacket & SessionKeyRow)[]>(
        `SELECT session_id AS sessionId, ${KEY} FROM agent_session_keys WHERE key_id <> ? AND session_id > ? ORDER BY session_id LIMIT ?`,
        [keyId, after ?? '', limit],
      );
      return rows.map(({ sessionId, keyId: id, wrappedKey }) => ({ sessionId, keyId: id, wrappedKey }));
    },
    async countKeysNotWrappedBy(keyId) {
      const [rows] = await pool.query<RowDataPacket[]>(`SELECT count(*) AS n FROM agent_session_keys WHERE key_id <> ?`, [keyId]);
      return Number(rows[0]!.n);
    },
    async replaceSessionKey(sessionId, old, next) {
      const [result] = await pool.query<ResultSetHeader>(
        `UPDATE agent_session_keys SET key_id = ?, wrapped_key = ? WHERE session_id = ? AND key_id = ? AND wrapped_key = ?`,
        [next.keyId, next.wrappedKey, sessionId, old.keyId, old.wrappedKey],
      );
      return result.affectedRows === 1;
    },
  };
}

/** Text not starting like an encrypted row. */
const clear = (column: string) => `${column} NOT LIKE '{"$enc":1,%'`;

/** Turning encryption on for sessions stored in clear; `advanced`: metadata to encrypt, search text to empty. */
export function mysqlClearRows(pool: Pool, advanced: boolean): ClearRowTable {
  const clearSessions = advanced
    ? `SELECT session_id FROM agent_messages WHERE ${CLEAR} UNION SELECT session_id FROM advanced_session_metadata WHERE ${clear('metadata')}`
    : `SELECT DISTINCT session_id FROM agent_messages WHERE ${CLEAR}`;
  return {
    async status(): Promise<EncryptionStatus> {
      const keys: Record<string, number> = {};
      const [byKey] = await pool.query<RowDataPacket[]>(`SELECT key_id AS keyId, count(*) AS n FROM agent_session_keys GROUP BY key_id`);
      for (const row of byKey) keys[row.keyId as string] = Number(row.n);
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT (SELECT count(*) FROM agent_sessions) AS sessions,
                (SELECT count(*) FROM (${clearSessions}) c) AS clear_sessions,
                (SELECT count(*) FROM (${clearSessions}) c JOIN agent_session_keys k ON k.session_id = c.session_id) AS mixed`,
      );
      const row = rows[0]!;
      return { sessions: Number(row.sessions), keys, sessionsWithClearRows: Number(row.clear_sessions), mixedSessions: Number(row.mixed) };
    },
    async sessionsWithClearRows(after, limit) {
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT session_id AS id FROM (${clearSessions}) c WHERE session_id > ? ORDER BY session_id LIMIT ?`,
        [after ?? '', limit],
      );
      return rows.map((row) => row.id as string);
    },
    async encryptSession(sessionId, plan) {
      return runTransaction(pool, 'encrypt', async (connection) => {
        await connection.query(`SELECT 1 FROM agent_sessions WHERE session_id = ? FOR UPDATE`, [sessionId]);
        const [keys] = await connection.query<(RowDataPacket & StoredSessionKey)[]>(`SELECT ${KEY} FROM agent_session_keys WHERE session_id = ?`, [sessionId]);
        const [rows] = await connection.query<(RowDataPacket & StoredRow)[]>(
          `SELECT id, message_data AS json FROM agent_messages WHERE session_id = ? AND ${CLEAR} ORDER BY id FOR UPDATE`,
          [sessionId],
        );
        let metadata: string | undefined;
        if (advanced) {
          const [found] = await connection.query<RowDataPacket[]>(`SELECT metadata FROM advanced_session_metadata WHERE session_id = ? AND ${clear('metadata')}`, [
            sessionId,
          ]);
          metadata = found[0] === undefined ? undefined : String(found[0].metadata);
        }
        const key = keys[0] && { keyId: keys[0].keyId, wrappedKey: keys[0].wrappedKey };
        const sealed = plan(key, rows.map((row) => ({ id: row.id, json: row.json })), metadata);
        if (sealed.newKey) {
          await connection.query(`INSERT INTO agent_session_keys (session_id, key_id, wrapped_key) VALUES (?, ?, ?)`, [
            sessionId,
            sealed.newKey.keyId,
            sealed.newKey.wrappedKey,
          ]);
        }
        for (const row of sealed.rows) await connection.query(`UPDATE agent_messages SET message_data = ? WHERE id = ?`, [row.json, row.id]);
        if (advanced) {
          if (sealed.metadata !== undefined) await connection.query(`UPDATE advanced_session_metadata SET metadata = ? WHERE session_id = ?`, [sealed.metadata, sessionId]);
          await connection.query(`UPDATE agent_messages SET search_text = '' WHERE session_id = ? AND search_text <> ''`, [sessionId]);
        }
        return sealed.rows.length;
      });
    },
  };
}
