import { MESSAGES_TABLE, OPERATIONS_TABLE, SESSIONS_TABLE, messageColumns as m, operationColumns as o, sessionColumns as s } from '@sessions/core';
import type { HistorySplice, RowEdits, SpliceOutcome, StoredRow } from '@sessions/core';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { runTransaction } from './transaction.js';
import { insertChunks, insertMessages, sql as base, touchLiveSession } from './statements.js';

/** Locking reads throughout: they read the latest committed rows, whatever the transaction's snapshot. */
const sql = {
  lockExistingSession: `SELECT 1 FROM \`${SESSIONS_TABLE}\` WHERE \`${s.sessionId}\` = ? FOR UPDATE`,
  touchSession: `UPDATE \`${SESSIONS_TABLE}\` SET \`${s.updatedAt}\` = UTC_TIMESTAMP(3) WHERE \`${s.sessionId}\` = ?`,
  selectOperation: `SELECT \`${o.fingerprint}\` AS fingerprint FROM \`${OPERATIONS_TABLE}\` WHERE \`${o.sessionId}\` = ? AND \`${o.operationId}\` = ? FOR UPDATE`,
  insertOperation: `INSERT INTO \`${OPERATIONS_TABLE}\` (\`${o.sessionId}\`, \`${o.operationId}\`, \`${o.fingerprint}\`) VALUES (?, ?, ?)`,
  selectAll: `SELECT \`${m.id}\` AS id, \`${m.messageData}\` AS json FROM \`${MESSAGES_TABLE}\` WHERE \`${m.sessionId}\` = ? ORDER BY \`${m.id}\` FOR UPDATE`,
  deleteFromId: `DELETE FROM \`${MESSAGES_TABLE}\` WHERE \`${m.sessionId}\` = ? AND \`${m.id}\` >= ?`,
  updateRow: `UPDATE \`${MESSAGES_TABLE}\` SET \`${m.messageData}\` = ? WHERE \`${m.sessionId}\` = ? AND \`${m.id}\` = ?`,
  deleteRow: `DELETE FROM \`${MESSAGES_TABLE}\` WHERE \`${m.sessionId}\` = ? AND \`${m.id}\` = ?`,
};

/** The newest `count` rows, newest first, locked; the count is a checked integer, inlined. */
function selectNewestSql(count: number): string {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`bad count ${count}`);
  return `SELECT \`${m.id}\` AS id, \`${m.messageData}\` AS json FROM \`${MESSAGES_TABLE}\` WHERE \`${m.sessionId}\` = ? ORDER BY \`${m.id}\` DESC LIMIT ${count} FOR UPDATE`;
}

type Row = StoredRow & RowDataPacket;

/** Thrown inside the transaction when the operation id is already recorded: rolls back the session row's touch. */
class AlreadyRecorded {
  constructor(readonly fingerprint: string) {}
}

/** Applies a splice in one transaction holding the session row's lock. */
export async function spliceHistory(pool: Pool, sessionId: string, expiresAt: string | null, splice: HistorySplice): Promise<SpliceOutcome> {
  try {
    return await runTransaction(pool, 'history change', (connection) => applySplice(connection, sessionId, expiresAt, splice));
  } catch (error) {
    if (error instanceof AlreadyRecorded) return { applied: false, recordedFingerprint: error.fingerprint };
    throw error;
  }
}

async function applySplice(connection: PoolConnection, sessionId: string, expiresAt: string | null, splice: HistorySplice): Promise<SpliceOutcome> {
  const { operation, remove } = splice;
  // Upserting the session row locks it until commit: appends and other history changes of the session wait.
  await touchLiveSession(connection, sessionId, null, expiresAt);
  if (operation) {
    const [rows] = await connection.execute<({ fingerprint: string } & RowDataPacket)[]>(sql.selectOperation, [sessionId, operation.id]);
    if (rows[0]) throw new AlreadyRecorded(rows[0].fingerprint);
    await connection.execute(sql.insertOperation, [sessionId, operation.id, operation.fingerprint]);
  }
  if (remove === 'all') {
    await connection.execute(base.deleteMessages, [sessionId]);
  } else {
    const newest = remove.newest === 0 ? [] : (await connection.query<Row[]>(selectNewestSql(remove.newest), [sessionId]))[0];
    const removed = newest.reverse();
    splice.checkRemoved?.(removed.map((row) => row.json));
    if (removed.length > 0) await connection.execute(sql.deleteFromId, [sessionId, removed[0]!.id]);
  }
  await insertMessages(connection, sessionId, insertChunks(splice.append));
  return { applied: true };
}

/** Reads the history, plans and applies the edits in one transaction holding the session row's lock. */
export function rewriteHistory(pool: Pool, sessionId: string, plan: (rows: StoredRow[]) => RowEdits): Promise<void> {
  return runTransaction(pool, 'applyHistoryMutations', async (connection) => {
    const [sessions] = await connection.execute<RowDataPacket[]>(sql.lockExistingSession, [sessionId]);
    if (sessions.length === 0) return;
    const [rows] = await connection.execute<Row[]>(sql.selectAll, [sessionId]);
    const edits = plan(rows.map(({ id, json }) => ({ id, json })));
    if (edits.replace.length === 0 && edits.remove.length === 0) return;
    for (const { id, json } of edits.replace) await connection.execute(sql.updateRow, [json, sessionId, id]);
    for (const id of edits.remove) await connection.execute(sql.deleteRow, [sessionId, id]);
    await connection.execute(sql.touchSession, [sessionId]);
  });
}
