import { MESSAGES_TABLE, OPERATIONS_TABLE, SESSIONS_TABLE, messageColumns as m, operationColumns as o, sessionColumns as s } from '@sessions/core';
import type { PruneBatch, PruneCriteria } from '@sessions/core';
import type { SqliteDatabase } from '../connection.js';

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
const IDS = `(SELECT value FROM json_each(?))`;

/** The condition of an expired session row `alias` (SQL, no parameter). */
export const expiredSql = (alias: string) => `${alias}."${s.expiresAt}" <= ${NOW}`;
/** The condition of a live (unexpired) session row `alias`. */
export const liveSql = (alias: string) => `(${alias}."${s.expiresAt}" IS NULL OR ${alias}."${s.expiresAt}" > ${NOW})`;

/** Tables beyond the plain ones whose rows a prune counts per session (advanced stores). */
export interface PruneCountTables {
  branches?: string | undefined;
  usage?: string | undefined;
}

/** `WHERE` of the sessions a prune takes (after `after`), with its parameters. */
function matching(criteria: PruneCriteria, after: string | undefined): { where: string; params: unknown[] } {
  const either: string[] = [];
  const params: unknown[] = [];
  if (criteria.expired) either.push(expiredSql('s'));
  if (criteria.updatedBefore !== null) {
    either.push(`s."${s.updatedAt}" < ?`);
    params.push(criteria.updatedBefore);
  }
  const where = [`(${either.join(' OR ')})`];
  if (criteria.owner !== null) {
    where.push(`s."${s.owner}" = ?`);
    params.push(criteria.owner);
  }
  if (after !== undefined) {
    where.push(`s."${s.sessionId}" > ?`);
    params.push(after);
  }
  return { where: where.join(' AND '), params };
}

const count = (db: SqliteDatabase, table: string, ids: string) =>
  Number(db.prepare(`SELECT COUNT(*) FROM "${table}" WHERE session_id IN ${IDS}`).pluck().get(ids));

/**
 * One prune batch on a SQLite file, in one IMMEDIATE transaction: the next
 * `limit` matching sessions in id order, counted, and deleted with their rows
 * (messages and operation ids explicitly, advanced rows by their cascades).
 */
export function sqlitePruneBatch(
  db: SqliteDatabase,
  criteria: PruneCriteria,
  batch: { after: string | undefined; limit: number; dryRun: boolean },
  tables: PruneCountTables = {},
): PruneBatch {
  const { where, params } = matching(criteria, batch.after);
  const select = db.prepare(`SELECT s."${s.sessionId}" FROM "${SESSIONS_TABLE}" s WHERE ${where} ORDER BY s."${s.sessionId}" LIMIT ?`).pluck();
  const step = db.transaction((): PruneBatch => {
    const found = select.all(...params, batch.limit) as string[];
    const ids = JSON.stringify(found);
    const counted: PruneBatch = {
      lastSessionId: found[found.length - 1],
      examined: found.length,
      sessions: found.length,
      items: found.length === 0 ? 0 : count(db, MESSAGES_TABLE, ids),
      branches: found.length === 0 || tables.branches === undefined ? 0 : count(db, tables.branches, ids),
      usage: found.length === 0 || tables.usage === undefined ? 0 : count(db, tables.usage, ids),
    };
    if (batch.dryRun || found.length === 0) return counted;
    db.prepare(`DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" IN ${IDS}`).run(ids);
    db.prepare(`DELETE FROM "${OPERATIONS_TABLE}" WHERE "${o.sessionId}" IN ${IDS}`).run(ids);
    db.prepare(`DELETE FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" IN ${IDS}`).run(ids);
    return counted;
  });
  return batch.dryRun ? step.deferred() : step.immediate();
}

/** Sets a session's expiry (ISO-8601 UTC, or null); whether the session exists. */
export function setSqliteExpiry(db: SqliteDatabase, sessionId: string, expiresAt: string | null): boolean {
  return db.prepare(`UPDATE "${SESSIONS_TABLE}" SET "${s.expiresAt}" = ? WHERE "${s.sessionId}" = ?`).run(expiresAt, sessionId).changes > 0;
}
