import { AdvancedSQLiteSession, readSessionArchive, sessionOfBranch, writeSessionArchive } from '@sessions/advanced-sqlite';
import { SessionError } from '@sessions/core';
import type { SqliteConnection } from '@sessions/sqlite';
import type { StoreUrl } from '../store-url.js';
import { archiveOfRecord, recordOfArchive } from './advanced-records.js';
import { BasicTables } from './basic-tables.js';
import type { SessionPage, SessionRecord } from './records.js';
import type { SqlClient } from './sql-client.js';
import type { Store } from './store.js';

/**
 * A SQLite file with @sessions/advanced-sqlite's tables: branches, usage and
 * metadata. Sessions are read and written through that package's API (its
 * session archives, `listSessions`), never its tables, so the CLI does not
 * depend on how it stores them. A session is written inside one transaction
 * the CLI opens on the shared connection (the package's own transaction
 * becomes a savepoint), so it is written whole or not at all.
 */
export class AdvancedStore implements Store {
  readonly kind = 'advanced-sqlite' as const;
  readonly holds = { branches: true, usage: true, metadata: true };
  readonly #basic: BasicTables;

  constructor(
    readonly location: StoreUrl & { dialect: 'sqlite' },
    readonly sql: SqlClient & { connection: SqliteConnection },
  ) {
    this.#basic = new BasicTables(sql);
  }

  #session(id: string): AdvancedSQLiteSession {
    return new AdvancedSQLiteSession(id, { path: this.location.path });
  }

  async listSessions(options: { limit: number; cursor?: string | undefined }): Promise<SessionPage> {
    const session = this.#session('sessions-cli');
    try {
      // One extra row tells whether a next page exists (the API pages up to 1000).
      const fetch = Math.min(options.limit + 1, 1000);
      const rows = await session.listSessions({ limit: fetch, cursor: options.cursor });
      const page = rows.slice(0, options.limit);
      const sessions = page.map(({ sessionId, createdAt, updatedAt, itemCount, branchCount, metadata }) => ({
        sessionId,
        createdAt,
        updatedAt,
        itemCount,
        branchCount,
        metadata,
      }));
      const last = page[page.length - 1];
      const more = rows.length > options.limit || (fetch === options.limit && rows.length === fetch);
      return more && last ? { sessions, nextCursor: last.cursor } : { sessions };
    } finally {
      await session.close();
    }
  }

  async branchOwner(branchId: string): Promise<string | undefined> {
    return sessionOfBranch(this.sql.connection.db, branchId);
  }

  allSessionIds(): Promise<string[]> {
    return this.#basic.allSessionIds();
  }

  async readSession(sessionId: string): Promise<SessionRecord | undefined> {
    const archive = readSessionArchive(this.sql.connection.db, sessionId);
    return archive && recordOfArchive(archive);
  }

  async writeSession(record: SessionRecord, options: { replace: boolean }): Promise<void> {
    const { sessionId } = record;
    const archive = archiveOfRecord(record);
    await this.sql.transaction(async () => {
      if (!options.replace && (await this.#basic.readSessionRow(sessionId))) {
        throw new SessionError('CONFLICT', 'the destination already holds a session with this id', { sessionId });
      }
      writeSessionArchive(this.sql.connection.db, archive, { replace: options.replace });
    });
  }

  close() {
    return this.sql.close();
  }
}
