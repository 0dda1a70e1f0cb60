import type { ClearRowTable, EncryptionStatus, KeyRotationTable, SessionKeyRow, StoredRow, StoredSessionKey } from '@sessions/core';
import type { SqliteDatabase } from '../connection.js';

/** Text not starting like an encrypted row (see `isEncryptedText` of @sessions/core). */
const clear = (column: string) => `${column} NOT LIKE '{"$enc":1,%'`;

/** Key rotation on a SQLite file's `agent_session_keys`. */
export function sqliteKeyRotation(database: () => SqliteDatabase): KeyRotationTable {
  return {
    async keysNotWrappedBy(keyId, after, limit) {
      return database()
        .prepare(
          `SELECT session_id AS sessionId, key_id AS keyId, wrapped_key AS wrappedKey FROM agent_session_keys
           WHERE key_id <> ? AND session_id > ? ORDER BY session_id LIMIT ?`,
        )
        .all(keyId, after ?? '', limit) as SessionKeyRow[];
    },
    async countKeysNotWrappedBy(keyId) {
      return database().prepare(`SELECT count(*) FROM agent_session_keys WHERE key_id <> ?`).pluck().get(keyId) as number;
    },
    async replaceSessionKey(sessionId, old, next) {
      return (
        database()
          .prepare(`UPDATE agent_session_keys SET key_id = ?, wrapped_key = ? WHERE session_id = ? AND key_id = ? AND wrapped_key = ?`)
          .run(next.keyId, next.wrappedKey, sessionId, old.keyId, old.wrappedKey).changes > 0
      );
    },
  };
}

/**
 * Turning encryption on for a SQLite file whose sessions were stored in
 * clear. `advanced`: the file holds `@sessions/advanced-sqlite`'s tables too
 * (metadata to encrypt, search text to empty).
 */
export function sqliteClearRows(database: () => SqliteDatabase, advanced: boolean): ClearRowTable {
  const clearSessions = advanced
    ? `SELECT session_id FROM agent_messages WHERE ${clear('message_data')}
       UNION SELECT session_id FROM advanced_session_metadata WHERE ${clear('metadata')}`
    : `SELECT DISTINCT session_id FROM agent_messages WHERE ${clear('message_data')}`;
  return {
    async status(): Promise<EncryptionStatus> {
      const db = database();
      const keys: Record<string, number> = {};
      for (const row of db.prepare(`SELECT key_id AS keyId, count(*) AS n FROM agent_session_keys GROUP BY key_id`).all() as { keyId: string; n: number }[]) {
        keys[row.keyId] = row.n;
      }
      return {
        sessions: db.prepare(`SELECT count(*) FROM agent_sessions`).pluck().get() as number,
        keys,
        sessionsWithClearRows: db.prepare(`SELECT count(*) FROM (${clearSessions})`).pluck().get() as number,
        mixedSessions: db
          .prepare(`SELECT count(*) FROM (${clearSessions}) c JOIN agent_session_keys k ON k.session_id = c.session_id`)
          .pluck()
          .get() as number,
      };
    },
    async sessionsWithClearRows(after, limit) {
      return database()
        .prepare(`SELECT session_id FROM (${clearSessions}) WHERE session_id > ? ORDER BY session_id LIMIT ?`)
        .pluck()
        .all(after ?? '', limit) as string[];
    },
    async encryptSession(sessionId, plan) {
      const db = database();
      return db
        .transaction(() => {
          const key = db.prepare(`SELECT key_id AS keyId, wrapped_key AS wrappedKey FROM agent_session_keys WHERE session_id = ?`).get(sessionId) as
            | StoredSessionKey
            | undefined;
          const rows = db
            .prepare(`SELECT id, message_data AS json FROM agent_messages WHERE session_id = ? AND ${clear('message_data')} ORDER BY id`)
            .all(sessionId) as StoredRow[];
          const metadata = advanced
            ? (db.prepare(`SELECT metadata FROM advanced_session_metadata WHERE session_id = ? AND ${clear('metadata')}`).pluck().get(sessionId) as
                | string
                | undefined)
            : undefined;
          const sealed = plan(key, rows, metadata);
          if (sealed.newKey) {
            db.prepare(`INSERT INTO agent_session_keys (session_id, key_id, wrapped_key) VALUES (?, ?, ?)`).run(sessionId, sealed.newKey.keyId, sealed.newKey.wrappedKey);
          }
          const update = db.prepare(`UPDATE agent_messages SET message_data = ? WHERE session_id = ? AND id = ?`);
          for (const row of sealed.rows) update.run(row.json, sessionId, row.id);
          if (advanced) {
            if (sealed.metadata !== undefined) db.prepare(`UPDATE advanced_session_metadata SET metadata = ? WHERE session_id = ?`).run(sealed.metadata, sessionId);
            db.prepare(
              `UPDATE advanced_message_structure SET search_text = '' WHERE search_text <> '' AND message_id IN (SELECT id FROM agent_messages WHERE session_id = ?)`,
            ).run(sessionId);
          }
          return sealed.rows.length;
        })
        .immediate();
    },
  };
}
