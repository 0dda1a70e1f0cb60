import { MESSAGES_TABLE, SESSIONS_TABLE, messageColumns as m, sessionColumns as s, type ArchivedItem } from '@sessions/core';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../connection.js';
import { liveSql } from './prune-batch.js';

export interface ListedRow {
  sessionId: string;
  owner: string | null;
  createdAt: string;
  updatedAt: string;
  itemCount: number;
}

const LISTED = `s."${s.sessionId}" AS sessionId, s."${s.owner}" AS owner, s."${s.createdAt}" AS createdAt, s."${s.updatedAt}" AS updatedAt,
  (SELECT COUNT(*) FROM "${MESSAGES_TABLE}" m WHERE m."${m.sessionId}" = s."${s.sessionId}") AS itemCount`;

/**
 * The WHERE and ORDER BY of a listing newest first, keyset-paged: with an
 * owner it walks the owner index, without one the `updated_at` index.
 * Expired sessions are left out. Parameters: owner (when filtered), cursor position and id (when paging),
 * those of `filters`, the row count.
 */
export function listingOrder(alias: string, owner: boolean, paged: boolean, filters: string[] = []): string {
  const where = [
    // Expired sessions are not listed.
    liveSql(alias),
    ...(owner ? [`${alias}."${s.owner}" = ?`] : []),
    ...(paged ? [`(${alias}."${s.updatedAt}", ${alias}."${s.sessionId}") < (?, ?)`] : []),
    ...filters,
  ];
  return `${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${alias}."${s.updatedAt}" DESC, ${alias}."${s.sessionId}" DESC LIMIT ?`;
}

interface Prepared {
  /** Indexed by (owner filtered ? 2 : 0) + (paged ? 1 : 0). */
  lists: Statement<unknown[], ListedRow>[];
  sessionRow: Statement<[string], { owner: string | null; createdAt: string; updatedAt: string }>;
  items: Statement<[string], ArchivedItem>;
  insertSession: Statement<[string, string | null, string, string]>;
  insertItem: Statement<[string, string, string]>;
  deleteMessages: Statement<[string]>;
  deleteSession: Statement<[string]>;
}

function prepare(db: SqliteDatabase): Prepared {
  const list = (owner: boolean, paged: boolean) =>
    db.prepare(`SELECT ${LISTED} FROM "${SESSIONS_TABLE}" s ${listingOrder('s', owner, paged)}`) as Statement<unknown[], ListedRow>;
  return {
    lists: [list(false, false), list(false, true), list(true, false), list(true, true)],
    sessionRow: db.prepare(
      `SELECT "${s.owner}" AS owner, "${s.createdAt}" AS createdAt, "${s.updatedAt}" AS updatedAt FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" = ?`,
    ) as Statement<[string], { owner: string | null; createdAt: string; updatedAt: string }>,
    items: db.prepare(
      `SELECT "${m.messageData}" AS data, "${m.createdAt}" AS createdAt FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ? ORDER BY "${m.id}"`,
    ) as Statement<[string], ArchivedItem>,
    insertSession: db.prepare(
      `INSERT INTO "${SESSIONS_TABLE}" ("${s.sessionId}", "${s.owner}", "${s.createdAt}", "${s.updatedAt}") VALUES (?, ?, ?, ?)`,
    ) as Statement<[string, string | null, string, string]>,
    insertItem: db.prepare(
      `INSERT INTO "${MESSAGES_TABLE}" ("${m.sessionId}", "${m.messageData}", "${m.createdAt}") VALUES (?, ?, ?)`,
    ) as Statement<[string, string, string]>,
    deleteMessages: db.prepare(`DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ?`) as Statement<[string]>,
    deleteSession: db.prepare(`DELETE FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" = ?`) as Statement<[string]>,
  };
}

export type PlainStoreStatements = Prepared & { list(owner: string | null, after: unknown): Statement<unknown[], ListedRow> };

const cache = new WeakMap<SqliteDatabase, Prepared>();

/** The plain store's statements on `db`, prepared once per connection (after its tables exist). */
export function plainStoreStatements(db: SqliteDatabase): PlainStoreStatements {
  let prepared = cache.get(db);
  if (!prepared) {
    prepared = prepare(db);
    cache.set(db, prepared);
  }
  const p = prepared;
  return { ...p, list: (owner: string | null, after: unknown) => p.lists[(owner === null ? 0 : 2) + (after === undefined ? 0 : 1)]! };
}
