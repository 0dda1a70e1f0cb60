import type { ClearRowTable, EncryptionStatus, KeyRotationTable, SessionKeyRow, StoredRow, StoredSessionKey } from '@sessions/core';
import type pg from 'pg';
import { inTransaction } from './advanced/transaction.js';

/** Rows not starting like an encrypted row (see `isEncryptedText` of @sessions/core). */
const CLEAR = `message_data NOT LIKE '{"$enc":1,%'`;
const KEY = `key_id AS "keyId", wrapped_key AS "wrappedKey"`;

/** Key rotation on `agent_session_keys`. */
export function postgresKeyRotation(pool: pg.Pool): KeyRotationTable {
  return {
    async keysNotWrappedBy(keyId, after, limit) {
      const { rows } = await pool.query<SessionKeyRow>(
        `SELECT session_id AS "sessionId", ${KEY} FROM agent_session_keys WHERE key_id <> $1 AND session_id > $2 ORDER BY session_id LIMIT $3`,
        [keyId, after ?? '', limit],
      );
      return rows;
    },
    async countKeysNotWrappedBy(keyId) {
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM agent_session_keys WHERE key_id <> $1`, [keyId]);
      return Number(rows[0]!.n);
    },
    async replaceSessionKey(sessionId, old, next) {
      const { rowCount } = await pool.query(
        `UPDATE agent_session_keys SET key_id = $1, wrapped_key = $2 WHERE session_id = $3 AND key_id = $4 AND wrapped_key = $5`,
        [next.keyId, next.wrappedKey, sessionId, old.keyId, old.wrappedKey],
      );
      return rowCount === 1;
    },
  };
}

/** Text not starting like an encrypted row. */
const clear = (column: string) => `${column} NOT LIKE '{"$enc":1,%'`;

/** Turning encryption on for sessions stored in clear; `advanced`: metadata to encrypt, search text to empty. */
export function postgresClearRows(pool: pg.Pool, advanced: boolean): ClearRowTable {
  const clearSessions = advanced
    ? `SELECT session_id FROM agent_messages WHERE ${CLEAR} UNION SELECT session_id FROM advanced_session_metadata WHERE ${clear('metadata')}`
    : `SELECT DISTINCT session_id FROM agent_messages WHERE ${CLEAR}`;
  return {
    async status(): Promise<EncryptionStatus> {
      const keys: Record<string, number> = {};
      const byKey = await pool.query<{ keyId: string; n: string }>(`SELECT key_id AS "keyId", count(*) AS n FROM agent_session_keys GROUP BY key_id`);
      for (const row of byKey.rows) keys[row.keyId] = Number(row.n);
      const { rows } = await pool.query<{ sessions: string; clear: string; mixed: string }>(
        `SELECT (SELECT count(*) FROM agent_sessions) AS sessions,
                (SELECT count(*) FROM (${clearSessions}) c) AS clear,
                (SELECT count(*) FROM (${clearSessions}) c JOIN agent_session_keys k ON k.session_id = c.session_id) AS mixed`,
      );
      const row = rows[0]!;
      return { sessions: Number(row.sessions), keys, sessionsWithClearRows: Number(row.clear), mixedSessions: Number(row.mixed) };
    },
    async sessionsWithClearRows(after, limit) {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT session_id AS id FROM (${clearSessions}) c WHERE session_id > $1 ORDER BY session_id LIMIT $2`,
        [after ?? '', limit],
      );
      return rows.map((row) => row.id);
    },
    async encryptSession(sessionId, plan) {
      return inTransaction(pool, 'write', async (client) => {
        await client.query(`SELECT 1 FROM agent_sessions WHERE session_id = $1 FOR UPDATE`, [sessionId]);
        const key = (await client.query<StoredSessionKey>(`SELECT ${KEY} FROM agent_session_keys WHERE session_id = $1`, [sessionId])).rows[0];
        const { rows } = await client.query<StoredRow>(`SELECT id, message_data AS json FROM agent_messages WHERE session_id = $1 AND ${CLEAR} ORDER BY id`, [sessionId]);
        const metadata = advanced
          ? (await client.query<{ metadata: string }>(`SELECT metadata FROM advanced_session_metadata WHERE session_id = $1 AND ${clear('metadata')}`, [sessionId]))
              .rows[0]?.metadata
          : undefined;
        const sealed = plan(key, rows, metadata);
        if (sealed.newKey) {
          await client.query(`INSERT INTO agent_session_keys (session_id, key_id, wrapped_key) VALUES ($1, $2, $3)`, [sessionId, sealed.newKey.keyId, sealed.newKey.wrappedKey]);
        }
        for (const row of sealed.rows) await client.query(`UPDATE agent_messages SET message_data = $1 WHERE session_id = $2 AND id = $3`, [row.json, sessionId, row.id]);
        if (advanced) {
          if (sealed.metadata !== undefined) await client.query(`UPDATE advanced_session_metadata SET metadata = $1 WHERE session_id = $2`, [sealed.metadata, sessionId]);
          await client.query(`UPDATE advanced_message_structure SET search_text = '' WHERE session_id = $1 AND search_text <> ''`, [sessionId]);
        }
        return sealed.rows.length;
      });
    },
  };
}
