import {
  checkPageSize,
  checkSessionId,
  decodeCursor,
  encodeCursor,
  MESSAGES_TABLE,
  SESSIONS_TABLE,
  SessionError,
  messageColumns as m,
  sessionColumns as s,
  type ListSessionsOptions,
  type SessionPage,
} from '@sessions/core';
import type { RowDataPacket } from 'mysql2/promise';
import { connect, type MySQLTarget } from './connection.js';
import { causalRead, isGaleraPool } from './galera.js';
import { runTransaction } from './transaction.js';
import { errorText, isConnectionLost, isMissingTable, notMigratedError } from './errors.js';

interface SummaryRow extends RowDataPacket {
  session_id: string;
  created: string;
  updated: string;
  item_count: number | string;
}

// DATETIME(3) read as text ('2026-11-21 18:00:00.123'): exact for the cursor, no time-zone conversion by the driver.
const SELECT = `SELECT s.\`${s.sessionId}\` AS session_id, CAST(s.\`${s.createdAt}\` AS CHAR) AS created, CAST(s.\`${s.updatedAt}\` AS CHAR) AS updated,
  (SELECT COUNT(*) FROM \`${MESSAGES_TABLE}\` m WHERE m.\`${m.sessionId}\` = s.\`${s.sessionId}\`) AS item_count
  FROM \`${SESSIONS_TABLE}\` s`;
const ORDER = `ORDER BY s.\`${s.updatedAt}\` DESC, s.\`${s.sessionId}\` DESC`;
// Expired sessions are not listed.
const LIVE = `(s.\`${s.expiresAt}\` IS NULL OR s.\`${s.expiresAt}\` > UTC_TIMESTAMP(3))`;
const AFTER = `AND (s.\`${s.updatedAt}\` < ? OR (s.\`${s.updatedAt}\` = ? AND s.\`${s.sessionId}\` < ?))`;

function utcDate(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}

// DATETIME(3) as MySQL prints it: compared as text in the cursor, so nothing is rounded.
const POSITION = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

function storeError(operation: string, error: unknown, sessionId?: string): SessionError {
  if (error instanceof SessionError) return error;
  if (isConnectionLost(error)) return new SessionError('CONNECTION_LOST', `${operation} lost its connection to the MySQL server: ${errorText(error)}`, { sessionId, cause: error });
  if (isMissingTable(error)) return notMigratedError(errorText(error), error, sessionId);
  return new SessionError('STORAGE_ERROR', `${operation} failed: ${errorText(error)}`, { sessionId, cause: error });
}

/** One page of sessions, most recently updated first, with a keyset cursor for the next page. */
export async function listSessions(target: MySQLTarget, options: ListSessionsOptions = {}): Promise<SessionPage> {
  const limit = checkPageSize(options?.limit);
  const after = options?.cursor === undefined ? undefined : decodeCursor(options.cursor, POSITION);
  const client = connect(target);
  try {
    // One row more than asked tells whether another page exists.
    const query = `${SELECT} WHERE ${LIVE} ${after ? AFTER : ''} ${ORDER} LIMIT ${limit + 1}`;
    const params = after ? [after[0], after[0], after[1]] : [];
    const galera = await isGaleraPool(client.pool, client.key);
    const [rows] = await client.pool.execute<SummaryRow[]>(causalRead(query, galera), params);
    const page = rows.slice(0, limit);
    const sessions = page.map((row) => ({
      sessionId: row.session_id,
      createdAt: utcDate(row.created),
      updatedAt: utcDate(row.updated),
      itemCount: Number(row.item_count),
    }));
    const last = page[page.length - 1];
    return rows.length > limit && last ? { sessions, nextCursor: encodeCursor(last.updated, last.session_id) } : { sessions };
  } catch (error) {
    throw storeError('listSessions', error);
  } finally {
    await client.release();
  }
}

/** Deletes a session and all its items; returns whether it existed. */
export async function deleteSession(target: MySQLTarget, sessionId: string): Promise<boolean> {
  const id = checkSessionId(sessionId);
  const client = connect(target, id);
  try {
    return await runTransaction(client.pool, 'deleteSession', async (connection) => {
      await connection.execute(`DELETE FROM \`${MESSAGES_TABLE}\` WHERE \`${m.sessionId}\` = ?`, [id]);
      const [result] = await connection.execute(`DELETE FROM \`${SESSIONS_TABLE}\` WHERE \`${s.sessionId}\` = ?`, [id]);
      return (result as { affectedRows: number }).affectedRows > 0;
    });
  } catch (error) {
    throw storeError('deleteSession', error, id);
  } finally {
    await client.release();
  }
}

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ListSessionsOptions, type SessionPage, type SessionSummary } from '@sessions/core';
