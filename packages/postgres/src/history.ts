import { MESSAGES_TABLE, OPERATIONS_TABLE, SESSIONS_TABLE, messageColumns as m, operationColumns as o, sessionColumns as s } from '@sessions/core';
import { sessionExpiredError, type HistorySplice, type RowEdits, type SpliceOutcome, type StoredRow } from '@sessions/core';
import type pg from 'pg';
import { isConnectionLost } from './errors.js';

const sql = {
  /**
   * Upserting the session row locks it until commit: appends and other history changes of the session wait.
   * A new row gets the expiry `$2`; an expired session is not touched (no row returned).
   */
  lockSession: `INSERT INTO "${SESSIONS_TABLE}" ("${s.sessionId}", "${s.expiresAt}") VALUES ($1, $2)
    ON CONFLICT ("${s.sessionId}") DO UPDATE SET "${s.updatedAt}" = now()
    WHERE "${SESSIONS_TABLE}"."${s.expiresAt}" IS NULL OR "${SESSIONS_TABLE}"."${s.expiresAt}" > now()
    RETURNING 1`,
  lockExistingSession: `SELECT 1 FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" = $1 FOR UPDATE`,
  touchSession: `UPDATE "${SESSIONS_TABLE}" SET "${s.updatedAt}" = now() WHERE "${s.sessionId}" = $1`,
  selectOperation: `SELECT "${o.fingerprint}" AS fingerprint FROM "${OPERATIONS_TABLE}" WHERE "${o.sessionId}" = $1 AND "${o.operationId}" = $2`,
  insertOperation: `INSERT INTO "${OPERATIONS_TABLE}" ("${o.sessionId}", "${o.operationId}", "${o.fingerprint}") VALUES ($1, $2, $3)`,
  selectNewest: `SELECT "${m.id}" AS id, "${m.messageData}" AS json FROM "${MESSAGES_TABLE}"
    WHERE "${m.sessionId}" = $1 ORDER BY "${m.id}" DESC LIMIT $2 FOR UPDATE`,
  selectAll: `SELECT "${m.id}" AS id, "${m.messageData}" AS json FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = $1 ORDER BY "${m.id}"`,
  deleteFromId: `DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = $1 AND "${m.id}" >= $2`,
  deleteAll: `DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = $1`,
  deleteRows: `DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = $1 AND "${m.id}" = ANY($2::bigint[])`,
  updateRow: `UPDATE "${MESSAGES_TABLE}" SET "${m.messageData}" = $3 WHERE "${m.sessionId}" = $1 AND "${m.id}" = $2`,
  insertRows: `INSERT INTO "${MESSAGES_TABLE}" ("${m.sessionId}", "${m.messageData}")
    SELECT $1, batch.data FROM unnest($2::text[]) WITH ORDINALITY AS batch(data, n) ORDER BY batch.n`,
};

/** Thrown inside the transaction when the operation id is already recorded: rolls back the session row's touch. */
class AlreadyRecorded {
  constructor(readonly fingerprint: string) {}
}

/** Runs `work` in one transaction on one pooled client; a client whose connection broke is destroyed. */
async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: unknown;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    failure = error;
    if (!isConnectionLost(error)) await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release(failure !== undefined && isConnectionLost(failure) ? (failure as Error) : undefined);
  }
}

/** Applies a splice in one transaction holding the session row's lock. */
export async function spliceHistory(pool: pg.Pool, sessionId: string, expiresAt: string | null, splice: HistorySplice): Promise<SpliceOutcome> {
  try {
    return await inTransaction(pool, (client) => applySplice(client, sessionId, expiresAt, splice));
  } catch (error) {
    if (error instanceof AlreadyRecorded) return { applied: false, recordedFingerprint: error.fingerprint };
    throw error;
  }
}

async function applySplice(client: pg.PoolClient, sessionId: string, expiresAt: string | null, splice: HistorySplice): Promise<SpliceOutcome> {
  const { operation, remove } = splice;
  if ((await client.query(sql.lockSession, [sessionId, expiresAt])).rowCount === 0) throw sessionExpiredError(sessionId);
  if (operation) {
    const { rows } = await client.query<{ fingerprint: string }>(sql.selectOperation, [sessionId, operation.id]);
    if (rows[0]) throw new AlreadyRecorded(rows[0].fingerprint);
    await client.query(sql.insertOperation, [sessionId, operation.id, operation.fingerprint]);
  }
  if (remove === 'all') {
    await client.query(sql.deleteAll, [sessionId]);
  } else {
    const newest = remove.newest === 0 ? [] : (await client.query<StoredRow>(sql.selectNewest, [sessionId, remove.newest])).rows;
    const removed = newest.reverse();
    splice.checkRemoved?.(removed.map((row) => row.json));
    if (removed.length > 0) await client.query(sql.deleteFromId, [sessionId, removed[0]!.id]);
  }
  if (splice.append.length > 0) await client.query(sql.insertRows, [sessionId, splice.append]);
  return { applied: true };
}

/** Reads the history, plans and applies the edits in one transaction holding the session row's lock. */
export function rewriteHistory(pool: pg.Pool, sessionId: string, plan: (rows: StoredRow[]) => RowEdits): Promise<void> {
  return inTransaction(pool, async (client) => {
    const { rowCount } = await client.query(sql.lockExistingSession, [sessionId]);
    if (rowCount === 0) return;
    const { rows } = await client.query<StoredRow>(sql.selectAll, [sessionId]);
    const edits = plan(rows);
    if (edits.replace.length === 0 && edits.remove.length === 0) return;
    for (const { id, json } of edits.replace) await client.query(sql.updateRow, [sessionId, id, json]);
    if (edits.remove.length > 0) await client.query(sql.deleteRows, [sessionId, edits.remove]);
    await client.query(sql.touchSession, [sessionId]);
  });
}
