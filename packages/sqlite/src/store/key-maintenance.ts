import type { ClearRowTable, EncryptionStatus, KeyRotationTable, SessionKeyRow, StoredRow, StoredSessionKey } from '@sessions/core';
import type { SqliteDatabase } from '../connection.js';

/** Rows not starting like an encrypted row (see `isEncryptedText` of @sessions/core). */
const CLEAR = `message_data NOT LIKE '{"$enc":1,%'`;

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

/** Turning encryption on for a SQLite file whose sessions were stored in clear. */
export function sqliteClearRows(database: () => SqliteDatabase): ClearRowTable {
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
        sessionsWithClearRows: db.prepare(`SELECT count(DISTINCT session_id) FROM agent_messages WHERE ${CLEAR}`).pluck().get() as number,
        mixedSessions: db
          .prepare(`SELECT count(DISTINCT m.session_id) FROM agent_messages m JOIN agent_session_keys k ON k.session_id = m.session_id WHERE m.${CLEAR}`)
          .pluck()
          .get() as number,
      };
    },
    async sessionsWithClearRows(after, limit) {
      return database()
        .prepare(`SELECT DISTINCT session_id FROM agent_messages WHERE ${CLEAR} AND session_id > ? ORDER BY session_id LIMIT ?`)
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
          const rows = db.prepare(`SELECT id, message_data AS json FROM agent_messages WHERE session_id = ? AND ${CLEAR} ORDER BY id`).all(sessionId) as StoredRow[];
          const { newKey, rows: sealed } = plan(key, rows);
          if (newKey) {
            db.prepare(`INSERT INTO agent_session_keys (session_id, key_id, wrapped_key) VALUES (?, ?, ?)`).run(sessionId, newKey.keyId, newKey.wrappedKey);
          }
          const update = db.prepare(`UPDATE agent_messages SET message_data = ? WHERE session_id = ? AND id = ?`);
          for (const row of sealed) update.run(row.json, sessionId, row.id);
          return sealed.length;
        })
        .immediate();
    },
  };
}
