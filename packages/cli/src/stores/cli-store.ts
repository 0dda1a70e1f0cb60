import { MAIN_BRANCH, type AdvancedSessionBase, type SessionStore, type StoreListOptions, type StorePage } from '@sessions/core';
import type { StoreUrl } from '../store-url.js';
import { archiveOfRecord, recordOfArchive } from './archive-records.js';
import type { SessionRecord } from './records.js';

/**
 * What the commands need of a store, on top of the store contract
 * (`SessionStore` of `@sessions/core`): whole sessions as the CLI's
 * records, every session id, and which session a branch id belongs to.
 */
export class CliStore {
  constructor(
    readonly location: StoreUrl,
    readonly store: SessionStore,
  ) {}

  get kind(): string {
    return this.store.kind;
  }

  /** Whether the store keeps branches, usage and metadata. */
  get advanced(): boolean {
    return this.store.capabilities.advanced;
  }

  listSessions(options: StoreListOptions): Promise<StorePage> {
    return this.store.listSessions(options);
  }

  /** Every session id, sorted (copy and export --all walk them in this order). */
  async allSessionIds(): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.listSessions({ limit: 1000, cursor });
      ids.push(...page.sessions.map((s) => s.sessionId));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return ids.sort();
  }

  async readSession(sessionId: string): Promise<SessionRecord | undefined> {
    const archive = await this.store.readArchive(sessionId);
    return archive && recordOfArchive(archive);
  }

  /** The session a branch id belongs to, on an advanced store (`undefined` when `branchId` is no branch). */
  async branchOwner(branchId: string): Promise<string | undefined> {
    if (!this.advanced) return undefined;
    const session = this.store.openSession(branchId) as AdvancedSessionBase;
    try {
      if ((await session.getCurrentBranchId()) === MAIN_BRANCH) return undefined;
      return await session.getRootSessionId();
    } finally {
      await session.close();
    }
  }

  /** Writes a whole session in one transaction; `CONFLICT` when it exists, unless `replace`. */
  writeSession(record: SessionRecord, options: { replace: boolean }): Promise<void> {
    return this.store.writeArchive(archiveOfRecord(record), { replace: options.replace });
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
