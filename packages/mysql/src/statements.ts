import {
  MESSAGES_TABLE,
  SESSIONS_TABLE,
  SESSION_KEYS_TABLE,
  messageColumns as m,
  sessionColumns as s,
  sessionExpiredError,
  sessionKeyColumns as k,
} from '@sessions/core';
import { causalRead } from './galera.js';
import type { PoolConnection, ResultSetHeader } from 'mysql2/promise';

/** Moves a session row's `updated_at` on by at least a millisecond: a real change to the row, whatever the clock says. */
export const MOVE_UPDATED_AT = `\`${s.updatedAt}\` = GREATEST(UTC_TIMESTAMP(3), \`${s.updatedAt}\` + INTERVAL 1000 MICROSECOND)`;

/**
 * True unless the session (a parameter: reads bind the session id once more for it) has expired:
 * folded into each read, so an expired session reads as empty in the same statement.
 */
export const LIVE = `NOT EXISTS (SELECT 1 FROM \`${SESSIONS_TABLE}\` WHERE \`${s.sessionId}\` = ? AND \`${s.expiresAt}\` <= UTC_TIMESTAMP(3))`;

/** The SQL of the session contract, written once for the session and the bench floor alike. */
export const sql = {
  // Parameters: session id, owner, expiry (a session keeps the owner and expiry it was created with).
  // An expired session is left as it is and the statement reports it through LAST_INSERT_ID (see touchRefused).
  // Every write really changes the session row: updated_at moves on by at least a millisecond, even
  // within one. An unchanged row would write nothing, and a Galera cluster would then see no conflict
  // between two concurrent writes to the session through different nodes (their batches could interleave).
  touchSession:
    `INSERT INTO \`${SESSIONS_TABLE}\` (\`${s.sessionId}\`, \`owner\`, \`${s.expiresAt}\`, \`${s.createdAt}\`, \`${s.updatedAt}\`) VALUES (?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)) ` +
    `ON DUPLICATE KEY UPDATE \`${s.updatedAt}\` = IF(\`${s.expiresAt}\` IS NULL OR \`${s.expiresAt}\` > UTC_TIMESTAMP(3), ` +
    `GREATEST(UTC_TIMESTAMP(3), \`${s.updatedAt}\` + INTERVAL 1000 MICROSECOND), IF(LAST_INSERT_ID(1), \`${s.updatedAt}\`, \`${s.updatedAt}\`))`,
  // Parameters of the reads: session id twice (see LIVE).
  selectAll: `SELECT \`${m.id}\` AS id, \`${m.messageData}\` AS data FROM \`${MESSAGES_TABLE}\` WHERE \`${m.sessionId}\` = ? AND ${LIVE} ORDER BY \`${m.id}\``,
  popNewest: `SELECT \`${m.id}\` AS id, \`${m.messageData}\` AS data FROM \`${MESSAGES_TABLE}\` WHERE \`${m.sessionId}\` = ? AND ${LIVE} ORDER BY \`${m.id}\` DESC LIMIT 1 FOR UPDATE`,
  deleteMessage: `DELETE FROM \`${MESSAGES_TABLE}\` WHERE \`${m.id}\` = ?`,
  deleteMessages: `DELETE FROM \`${MESSAGES_TABLE}\` WHERE \`${m.sessionId}\` = ?`,
  deleteSession: `DELETE FROM \`${SESSIONS_TABLE}\` WHERE \`${s.sessionId}\` = ?`,
  // Encryption at rest: the session's wrapped data key.
  selectSessionKey: `SELECT \`${k.keyId}\` AS keyId, \`${k.wrappedKey}\` AS wrappedKey FROM \`${SESSION_KEYS_TABLE}\` WHERE \`${k.sessionId}\` = ?`,
  // Parameters: session id, owner. Leaves an existing session row as it is.
  ensureSession: `INSERT INTO \`${SESSIONS_TABLE}\` (\`${s.sessionId}\`, \`owner\`, \`${s.expiresAt}\`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE \`${s.sessionId}\` = \`${s.sessionId}\``,
  // Parameters: session id, key id, wrapped key. A session that has a key keeps it.
  insertSessionKey:
    `INSERT INTO \`${SESSION_KEYS_TABLE}\` (\`${k.sessionId}\`, \`${k.keyId}\`, \`${k.wrappedKey}\`) VALUES (?, ?, ?) ` +
    `ON DUPLICATE KEY UPDATE \`${k.keyId}\` = \`${k.keyId}\``,
};

/**
 * The newest `limit` rows, newest first. The limit is inlined (it is a checked
 * integer): MySQL 8 rejects a LIMIT placeholder bound as a double by mysql2.
 */
export function selectLatestSql(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`bad limit ${limit}`);
  return `SELECT \`${m.id}\` AS id, \`${m.messageData}\` AS data FROM \`${MESSAGES_TABLE}\` WHERE \`${m.sessionId}\` = ? AND ${LIVE} ORDER BY \`${m.id}\` DESC LIMIT ${limit}`;
}

/** Limits up to this are read with a prepared statement; larger ones with the text protocol. */
export const PREPARED_LIMIT_MAX = 100;

/** A multi-row insert of `rows` messages: values are (session_id, message_data) pairs. */
export function insertMessagesSql(rows: number): string {
  return `INSERT INTO \`${MESSAGES_TABLE}\` (\`${m.sessionId}\`, \`${m.messageData}\`) VALUES ${Array.from({ length: rows }, () => '(?, ?)').join(', ')}`;
}

/** Rows per insert statement: few distinct prepared statements per connection. */
export const MAX_ROWS_PER_INSERT = 16;
/** Bytes of JSON per insert statement, well under the default 16 MB max_allowed_packet (64 MB on MySQL 8). */
export const MAX_BYTES_PER_INSERT = 4 * 1024 * 1024;

/** Splits a batch into insert statements bounded by row count and size; a large item gets a statement of its own. */
export function insertChunks(rows: string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = row.length * 3;
    if (current.length > 0 && (current.length >= MAX_ROWS_PER_INSERT || bytes + size > MAX_BYTES_PER_INSERT)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The reads of a session's items outside a transaction, as run on one kind of server (see causalRead). */
export interface ItemReads {
  selectAll: string;
  selectLatest(limit: number): string;
}

function itemReads(galera: boolean): ItemReads {
  return {
    selectAll: causalRead(sql.selectAll, galera),
    selectLatest: (limit) => causalRead(selectLatestSql(limit), galera),
  };
}

const PLAIN_READS = itemReads(false);
const GALERA_READS = itemReads(true);

/** The reads for a server: a Galera node's wait for writes committed on other nodes. */
export function readsFor(galera: boolean): ItemReads {
  return galera ? GALERA_READS : PLAIN_READS;
}

/** Inserts the chunks of a batch (see `insertChunks`), in order, on a connection inside a transaction. */
export async function insertMessages(connection: PoolConnection, sessionId: string, chunks: string[][]): Promise<void> {
  for (const chunk of chunks) {
    const values: string[] = [];
    for (const row of chunk) values.push(sessionId, row);
    await connection.execute(insertMessagesSql(chunk.length), values);
  }
}

/** Runs `sql.touchSession` on a connection inside a transaction; `SESSION_EXPIRED` when the session has expired. */
export async function touchLiveSession(connection: PoolConnection, sessionId: string, owner: string | null, expiresAt: string | null): Promise<void> {
  const [result] = await connection.execute<ResultSetHeader>(sql.touchSession, touchParams(sessionId, owner, expiresAt));
  if (touchRefused(result)) throw sessionExpiredError(sessionId);
}

export function touchParams(sessionId: string, owner: string | null, expiresAt: string | null): (string | null)[] {
  return [sessionId, owner, expiresAt === null ? null : mysqlExpiry(expiresAt)];
}

/**
 * Whether `sql.touchSession` found the session expired: its row left as it was (1 row with the
 * client's found-rows flag, 0 without) with LAST_INSERT_ID set to 1. A live row moves on (2 rows);
 * a new row reports no insert id (the table has no AUTO_INCREMENT column).
 */
export function touchRefused(result: Pick<ResultSetHeader, 'affectedRows' | 'insertId'>): boolean {
  return result.affectedRows < 2 && Number(result.insertId) === 1;
}

/** An ISO-8601 UTC instant as a DATETIME(3) literal. */
export function mysqlExpiry(iso: string): string {
  return iso.replace('T', ' ').replace('Z', '');
}
