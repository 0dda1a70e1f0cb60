import { MESSAGES_TABLE, OPERATIONS_TABLE, messageColumns as m, operationColumns as o } from '@sessions/core';
import type { HistorySplice, RowEdits, SpliceOutcome, StoredRow } from '@sessions/core';
import type { Statement } from 'better-sqlite3';
import type { SqliteConnection, SqliteDatabase } from './connection.js';
import { touchLiveSession, type SessionStatements } from './statements.js';

/** The statements of the runner's history capabilities, prepared on a connection's first use of them. */
interface HistoryStatements {
  selectOperation: Statement<[string, string], string>;
  insertOperation: Statement<[string, string, string]>;
  /** Newest first. */
  selectNewest: Statement<[string, number], StoredRow>;
  selectAll: Statement<[string], StoredRow>;
  deleteFromId: Statement<[string, number | string]>;
  updateRow: Statement<[string, string, number | string]>;
  deleteRow: Statement<[string, number | string]>;
}

function prepareHistoryStatements(db: SqliteDatabase): HistoryStatements {
  const rows = `SELECT "${m.id}" AS id, "${m.messageData}" AS json FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ?`;
  return {
    selectOperation: db
      .prepare<[string, string], string>(
        `SELECT "${o.fingerprint}" FROM "${OPERATIONS_TABLE}" WHERE "${o.sessionId}" = ? AND "${o.operationId}" = ?`,
      )
      .pluck(),
    insertOperation: db.prepare(`INSERT INTO "${OPERATIONS_TABLE}" ("${o.sessionId}", "${o.operationId}", "${o.fingerprint}") VALUES (?, ?, ?)`),
    selectNewest: db.prepare(`${rows} ORDER BY "${m.id}" DESC LIMIT ?`),
    selectAll: db.prepare(`${rows} ORDER BY "${m.id}" ASC`),
    deleteFromId: db.prepare(`DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ? AND "${m.id}" >= ?`),
    updateRow: db.prepare(`UPDATE "${MESSAGES_TABLE}" SET "${m.messageData}" = ? WHERE "${m.sessionId}" = ? AND "${m.id}" = ?`),
    deleteRow: db.prepare(`DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ? AND "${m.id}" = ?`),
  };
}

const HISTORY_STATEMENTS = 'sqlite:history-statements';

/** Kept only when prepared outside a transaction of the caller's (see `sessionStatements`). */
function historyStatements(connection: SqliteConnection): HistoryStatements {
  let statements = connection.state.get(HISTORY_STATEMENTS) as HistoryStatements | undefined;
  if (!statements) {
    statements = prepareHistoryStatements(connection.db);
    if (!connection.db.inTransaction) connection.state.set(HISTORY_STATEMENTS, statements);
  }
  return statements;
}

/** Applies a splice in one IMMEDIATE transaction: no other writer runs between the check and the change. */
export function spliceHistory(
  connection: SqliteConnection,
  base: SessionStatements,
  sessionId: string,
  owner: string | null,
  expiresAt: string | null,
  splice: HistorySplice,
): SpliceOutcome {
  const history = historyStatements(connection);
  return connection.db
    .transaction((): SpliceOutcome => {
      const { operation, remove } = splice;
      if (operation) {
        const recordedFingerprint = history.selectOperation.get(sessionId, operation.id);
        if (recordedFingerprint !== undefined) return { applied: false, recordedFingerprint };
      }
      touchLiveSession(base, sessionId, owner, expiresAt);
      if (operation) history.insertOperation.run(sessionId, operation.id, operation.fingerprint);
      if (remove === 'all') {
        base.deleteMessages.run(sessionId);
      } else {
        const removed = remove.newest === 0 ? [] : history.selectNewest.all(sessionId, remove.newest).reverse();
        splice.checkRemoved?.(removed.map((row) => row.json));
        if (removed.length > 0) history.deleteFromId.run(sessionId, removed[0]!.id);
      }
      for (const row of splice.append) base.insertMessage.run(sessionId, row);
      return { applied: true };
    })
    .immediate();
}

/** Reads the history, plans and applies the edits in one IMMEDIATE transaction. */
export function rewriteHistory(connection: SqliteConnection, base: SessionStatements, sessionId: string, plan: (rows: StoredRow[]) => RowEdits): void {
  const history = historyStatements(connection);
  connection.db
    .transaction(() => {
      const edits = plan(history.selectAll.all(sessionId));
      if (edits.replace.length === 0 && edits.remove.length === 0) return;
      touchLiveSession(base, sessionId, null, null);
      for (const { id, json } of edits.replace) history.updateRow.run(json, sessionId, id);
      for (const id of edits.remove) history.deleteRow.run(sessionId, id);
    })
    .immediate();
}
