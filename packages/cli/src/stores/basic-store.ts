import type { StoreUrl } from '../store-url.js';
import { BasicTables } from './basic-tables.js';
import type { SessionPage, SessionRecord } from './records.js';
import type { SqlClient } from './sql-client.js';
import type { Store, StoreKind } from './store.js';
import { SessionError } from '@sessions/core';

/** A store with only the two shared tables: @sessions/sqlite, @sessions/postgres, @sessions/mysql. */
export class BasicStore implements Store {
  readonly holds = { branches: false, usage: false, metadata: false };
  readonly tables: BasicTables;

  constructor(
    readonly location: StoreUrl,
    readonly kind: StoreKind,
    readonly sql: SqlClient,
    /** The store package's own listSessions, when it has one. */
    readonly list?: (options: { limit: number; cursor?: string | undefined }) => Promise<SessionPage>,
  ) {
    this.tables = new BasicTables(sql);
  }

  listSessions(options: { limit: number; cursor?: string | undefined }) {
    return this.list ? this.list(options) : this.tables.listSessions(options);
  }

  allSessionIds() {
    return this.tables.allSessionIds();
  }

  readSession(sessionId: string) {
    return this.tables.readSession(sessionId);
  }

  async writeSession(record: SessionRecord, options: { replace: boolean }): Promise<void> {
    if (record.branches.length > 0 || record.usage.length > 0 || record.metadata !== null) {
      // Never drop data silently: the caller decides (copy --main-only strips them first).
      throw new SessionError(
        'INVALID_ARGUMENT',
        `has ${record.branches.length} branch(es), ${record.usage.length} usage row(s)${record.metadata !== null ? ' and metadata' : ''}, which a ${this.kind} store cannot hold (use an advanced-sqlite file, or --main-only to keep only the main history)`,
        { sessionId: record.sessionId },
      );
    }
    await this.sql.transaction(() => this.tables.insertSession(record, options.replace));
  }

  close() {
    return this.sql.close();
  }
}
