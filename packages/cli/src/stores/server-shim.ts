/**
 * TEMPORARY: PostgreSQL and MySQL stores for the command line until
 * `@sessions/postgres` and `@sessions/mysql` export `openSessionStore`
 * (this file goes once they do; `open-store.ts` already prefers theirs).
 * It holds plain sessions only (no branches, usage, metadata or owner).
 */
import {
  checkPlainArchive,
  checkSessionId,
  checkStoreListOptions,
  MESSAGES_TABLE,
  plainArchive,
  redactUrl,
  SESSIONS_TABLE,
  SessionError,
  messageColumns as m,
  sessionColumns as s,
  type AgentSession,
  type SessionStore,
  type StoreArchive,
  type StoreArchiveInput,
  type StoreListOptions,
  type StorePage,
  type WriteSessionArchiveOptions,
} from '@sessions/core';

interface Sql {
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(body: () => Promise<T>): Promise<T>;
  /** An expression reading a timestamp column as ISO-8601 UTC text. */
  iso(column: string): string;
  time(iso: string): unknown;
  text(column: string): string;
  close(): Promise<void>;
}

async function postgresSql(url: string): Promise<Sql> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  await client.query(`SET TIME ZONE 'UTC'`);
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const all = async <T>(sql: string, params: unknown[] = []) => (await client.query(numbered(sql), params)).rows as T[];
  return {
    all,
    transaction: async (body) => {
      await client.query('BEGIN');
      try {
        const result = await body();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    iso: (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    time: (iso) => iso,
    text: (column) => `${column}::text`,
    close: async () => client.end().catch(() => {}),
  };
}

async function mysqlSql(url: string): Promise<Sql> {
  const { default: mysql } = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: url, dateStrings: true, timezone: 'Z', connectTimeout: 10_000 });
  connection.on('error', () => {});
  await connection.query(`SET time_zone = '+00:00'`);
  return {
    all: async <T>(sql: string, params: unknown[] = []) => (await connection.query(sql.replaceAll('"', '`'), params))[0] as T[],
    transaction: async (body) => {
      await connection.query('START TRANSACTION');
      try {
        const result = await body();
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    iso: (column) => `CONCAT(REPLACE(CAST(${column} AS CHAR), ' ', 'T'), 'Z')`,
    time: (iso) => new Date(iso).toISOString().replace('T', ' ').replace('Z', ''),
    text: (column) => column,
    close: async () => connection.end().catch(() => {}),
  };
}

const CHUNK = 200;

class PlainServerStore implements SessionStore {
  readonly capabilities = { advanced: false };
  readonly location: string;
  #sql: Promise<Sql> | undefined;

  constructor(
    readonly kind: 'postgres' | 'mysql',
    readonly url: string,
    readonly adapter: typeof import('@sessions/postgres') | typeof import('@sessions/mysql'),
  ) {
    this.location = redactUrl(url);
  }

  #client(): Promise<Sql> {
    this.#sql ??= this.kind === 'postgres' ? postgresSql(this.url) : mysqlSql(this.url);
    return this.#sql;
  }

  openSession(sessionId: string): AgentSession {
    const { adapter, url } = this;
    return 'PostgresSession' in adapter ? adapter.PostgresSession.fromUrl(sessionId, { url }) : adapter.MySQLSession.fromUrl(sessionId, { url });
  }

  async listSessions(options?: StoreListOptions): Promise<StorePage> {
    const { owner, limit, cursor } = checkStoreListOptions(options, { kind: this.kind, keepsMetadata: false });
    if (owner !== null) throw new SessionError('INVALID_ARGUMENT', `this ${this.kind} store keeps no owners yet`);
    const page = await this.adapter.listSessions({ url: this.url }, { limit, ...(cursor === undefined ? {} : { cursor }) });
    return {
      sessions: page.sessions.map((x) => ({
        sessionId: x.sessionId,
        owner: null,
        createdAt: x.createdAt.toISOString(),
        updatedAt: x.updatedAt.toISOString(),
        itemCount: x.itemCount,
        branchCount: 1,
        metadata: null,
      })),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  deleteSession(sessionId: string): Promise<boolean> {
    return this.adapter.deleteSession({ url: this.url }, sessionId);
  }

  async readArchive(sessionId: string): Promise<StoreArchive | undefined> {
    const id = checkSessionId(sessionId);
    const sql = await this.#client();
    const [row] = await sql.all<{ created_at: string; updated_at: string }>(
      `SELECT ${sql.iso(`"${s.createdAt}"`)} AS created_at, ${sql.iso(`"${s.updatedAt}"`)} AS updated_at FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" = ?`,
      [id],
    );
    if (!row) return undefined;
    const items = await sql.all<{ data: string; created_at: string }>(
      `SELECT ${sql.text(`"${m.messageData}"`)} AS data, ${sql.iso(`"${m.createdAt}"`)} AS created_at FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ? ORDER BY "${m.id}"`,
      [id],
    );
    return plainArchive(
      { sessionId: id, owner: null, createdAt: row.created_at, updatedAt: row.updated_at },
      items.map((i) => ({ data: i.data, createdAt: i.created_at })),
    );
  }

  async writeArchive(archive: StoreArchiveInput, options: WriteSessionArchiveOptions = {}): Promise<void> {
    const plain = checkPlainArchive(archive, this.kind);
    if (plain.owner !== null) throw new SessionError('INVALID_ARGUMENT', `this ${this.kind} store keeps no owners yet`, { sessionId: plain.sessionId });
    const sql = await this.#client();
    const { sessionId } = plain;
    await sql.transaction(async () => {
      const [exists] = await sql.all(`SELECT 1 AS present FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" = ?`, [sessionId]);
      if (exists) {
        if (options.replace !== true) throw new SessionError('CONFLICT', `session ${JSON.stringify(sessionId)} already exists`, { sessionId });
        await sql.all(`DELETE FROM "${MESSAGES_TABLE}" WHERE "${m.sessionId}" = ?`, [sessionId]);
        await sql.all(`DELETE FROM "${SESSIONS_TABLE}" WHERE "${s.sessionId}" = ?`, [sessionId]);
      }
      await sql.all(`INSERT INTO "${SESSIONS_TABLE}" ("${s.sessionId}", "${s.createdAt}", "${s.updatedAt}") VALUES (?, ?, ?)`, [
        sessionId,
        sql.time(plain.createdAt),
        sql.time(plain.updatedAt),
      ]);
      for (let start = 0; start < plain.items.length; start += CHUNK) {
        const chunk = plain.items.slice(start, start + CHUNK);
        await sql.all(
          `INSERT INTO "${MESSAGES_TABLE}" ("${m.sessionId}", "${m.messageData}", "${m.createdAt}") VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
          chunk.flatMap((item) => [sessionId, item.data, sql.time(item.createdAt)]),
        );
      }
    });
  }

  async pendingMigrations(): Promise<string[]> {
    const sql = await this.#client();
    const applied = await sql.all<{ tag: string }>(`SELECT "tag" FROM "sessions_migrations" WHERE "store" = ?`, [this.kind]).catch(() => []);
    const done = new Set(applied.map((a) => a.tag));
    const { readMigrations } = await import('@sessions/core');
    const folder = 'postgresMigrationsFolder' in this.adapter ? this.adapter.postgresMigrationsFolder : this.adapter.mysqlMigrationsFolder;
    return readMigrations(folder)
      .map((x) => x.tag)
      .filter((tag) => !done.has(tag));
  }

  migrate(): Promise<string[]> {
    return this.adapter.migrate({ url: this.url });
  }

  async close(): Promise<void> {
    const sql = this.#sql;
    this.#sql = undefined;
    if (sql) await (await sql.catch(() => undefined))?.close();
  }
}

/** A plain PostgreSQL or MySQL store, for adapters that do not export `openSessionStore` yet. */
export async function openPlainServerStore(kind: 'postgres' | 'mysql', url: string, adapter: PlainServerStore['adapter']): Promise<SessionStore> {
  const store = new PlainServerStore(kind, url, adapter);
  await store.pendingMigrations().catch(async (error: unknown) => {
    // Connecting at open, so an unreachable server is reported by the command that opened it.
    await store.close();
    throw error;
  });
  return store;
}
