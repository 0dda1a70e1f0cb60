import { MESSAGES_TABLE, SESSIONS_TABLE, SessionError, messageColumns as m, sessionColumns as s } from '@sessions/core';
import type { SessionPage, SessionRecord, SessionSummary, StoredItem } from './records.js';
import type { SqlClient } from './sql-client.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/** Rows per multi-row INSERT: well under every driver's parameter limit. */
const INSERT_CHUNK = 200;

/** The shared tables' and columns' names (from @sessions/core), quoted for `sql`'s dialect. */
export function tableNames(sql: SqlClient) {
  const q = (name: string) => sql.id(name);
  return {
    sessions: q(SESSIONS_TABLE),
    messages: q(MESSAGES_TABLE),
    sId: q(s.sessionId),
    sCreated: q(s.createdAt),
    sUpdated: q(s.updatedAt),
    mId: q(m.id),
    mSession: q(m.sessionId),
    mData: q(m.messageData),
    mCreated: q(m.createdAt),
  };
}

/**
 * The two tables every store shares (`agent_sessions`, `agent_messages`),
 * read and written directly with the names from @sessions/core.
 */
export class BasicTables {
  constructor(readonly sql: SqlClient) {}

  private get t() {
    return tableNames(this.sql);
  }

  async listSessions(options: { limit: number; cursor?: string | undefined }): Promise<SessionPage> {
    const t = this.t;
    const params: unknown[] = [];
    let where = '';
    if (options.cursor !== undefined) {
      const [updatedAt, sessionId] = decodeCursor(options.cursor);
      where = `WHERE (${this.sql.isoTimestamp(`s.${t.sUpdated}`)} < ? OR (${this.sql.isoTimestamp(`s.${t.sUpdated}`)} = ? AND s.${t.sId} > ?))`;
      params.push(updatedAt, updatedAt, sessionId);
    }
    params.push(options.limit + 1);
    const rows = await this.sql.all<{ session_id: string; created_at: string; updated_at: string; item_count: number | string }>(
      `SELECT s.${t.sId} AS session_id, ${this.sql.isoTimestamp(`s.${t.sCreated}`)} AS created_at,
              ${this.sql.isoTimestamp(`s.${t.sUpdated}`)} AS updated_at,
              (SELECT COUNT(*) FROM ${t.messages} msg WHERE msg.${t.mSession} = s.${t.sId}) AS item_count
         FROM ${t.sessions} s ${where}
        ORDER BY updated_at DESC, s.${t.sId} ASC
        LIMIT ?`,
      params,
    );
    const sessions: SessionSummary[] = rows.slice(0, options.limit).map((row) => ({
      sessionId: row.session_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      itemCount: Number(row.item_count),
    }));
    const last = sessions[sessions.length - 1];
    return rows.length > options.limit && last ? { sessions, nextCursor: encodeCursor(last.updatedAt, last.sessionId) } : { sessions };
  }

  async allSessionIds(): Promise<string[]> {
    const t = this.t;
    const rows = await this.sql.all<{ session_id: string }>(`SELECT ${t.sId} AS session_id FROM ${t.sessions} ORDER BY ${t.sId}`);
    return rows.map((row) => row.session_id);
  }

  async readSessionRow(sessionId: string): Promise<{ createdAt: string; updatedAt: string } | undefined> {
    const t = this.t;
    const [row] = await this.sql.all<{ created_at: string; updated_at: string }>(
      `SELECT ${this.sql.isoTimestamp(t.sCreated)} AS created_at, ${this.sql.isoTimestamp(t.sUpdated)} AS updated_at
         FROM ${t.sessions} WHERE ${t.sId} = ?`,
      [sessionId],
    );
    return row ? { createdAt: row.created_at, updatedAt: row.updated_at } : undefined;
  }

  async readItems(sessionId: string): Promise<StoredItem[]> {
    const t = this.t;
    const rows = await this.sql.all<{ data: string; created_at: string }>(
      `SELECT ${this.sql.text(t.mData)} AS data, ${this.sql.isoTimestamp(t.mCreated)} AS created_at
         FROM ${t.messages} WHERE ${t.mSession} = ? ORDER BY ${t.mId} ASC`,
      [sessionId],
    );
    return rows.map((row) => ({ data: row.data, createdAt: row.created_at }));
  }

  async readSession(sessionId: string): Promise<SessionRecord | undefined> {
    const row = await this.readSessionRow(sessionId);
    if (!row) return undefined;
    return { sessionId, ...row, metadata: null, items: await this.readItems(sessionId), branches: [], usage: [] };
  }

  /** Inside a transaction: removes the session (messages first, for stores without cascading keys). */
  async deleteSession(sessionId: string): Promise<void> {
    const t = this.t;
    await this.sql.run(`DELETE FROM ${t.messages} WHERE ${t.mSession} = ?`, [sessionId]);
    await this.sql.run(`DELETE FROM ${t.sessions} WHERE ${t.sId} = ?`, [sessionId]);
  }

  /** Inside a transaction: the session row and its items, in order, with their original timestamps. */
  async insertSession(record: Pick<SessionRecord, 'sessionId' | 'createdAt' | 'updatedAt' | 'items'>, replace: boolean): Promise<void> {
    const t = this.t;
    if (await this.readSessionRow(record.sessionId)) {
      if (!replace) {
        throw new SessionError('CONFLICT', 'the destination already holds a session with this id', { sessionId: record.sessionId });
      }
      await this.deleteSession(record.sessionId);
    }
    await this.sql.run(`INSERT INTO ${t.sessions} (${t.sId}, ${t.sCreated}, ${t.sUpdated}) VALUES (?, ?, ?)`, [
      record.sessionId,
      this.sql.timestampParam(record.createdAt),
      this.sql.timestampParam(record.updatedAt),
    ]);
    await this.insertItems(record.sessionId, record.items);
  }

  async insertItems(sessionId: string, items: StoredItem[]): Promise<void> {
    const t = this.t;
    for (let start = 0; start < items.length; start += INSERT_CHUNK) {
      const chunk = items.slice(start, start + INSERT_CHUNK);
      const params: unknown[] = [];
      for (const item of chunk) params.push(sessionId, item.data, this.sql.timestampParam(item.createdAt));
      await this.sql.run(
        `INSERT INTO ${t.messages} (${t.mSession}, ${t.mData}, ${t.mCreated}) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
        params,
      );
    }
  }
}
