import { parseStoredItem, type SessionItem } from './items.js';
import type { SessionOptions } from './session.js';
import { SessionBase } from './session-base.js';

/**
 * Where `MemorySession`s keep their history. Sessions created with the same
 * store and id share one history, like two objects on one database file.
 */
export class MemorySessionStore {
  readonly #sessions = new Map<string, string[]>();

  rows(sessionId: string): string[] {
    let rows = this.#sessions.get(sessionId);
    if (!rows) {
      rows = [];
      this.#sessions.set(sessionId, rows);
    }
    return rows;
  }

  sessionIds(): string[] {
    return [...this.#sessions.keys()];
  }

  delete(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }
}

export interface MemorySessionOptions extends SessionOptions {
  /** Share history between sessions with the same id; each session gets a private store by default. */
  store?: MemorySessionStore | undefined;
}

/**
 * The reference implementation of the contract. Items are kept as JSON text,
 * so reads return copies and behave exactly like a database-backed session.
 */
export class MemorySession extends SessionBase {
  readonly #store: MemorySessionStore;

  constructor(sessionId: string, options: MemorySessionOptions = {}) {
    super(sessionId, options);
    this.#store = options.store ?? new MemorySessionStore();
  }

  protected async readItems(limit: number | undefined): Promise<SessionItem[]> {
    const rows = this.#store.rows(this.sessionId);
    const start = limit === undefined ? 0 : Math.max(0, rows.length - limit);
    const items: SessionItem[] = [];
    for (let i = start; i < rows.length; i++) items.push(parseStoredItem(this.sessionId, rows[i]!, i));
    return items;
  }

  protected async writeItems(rows: string[]): Promise<void> {
    this.#store.rows(this.sessionId).push(...rows);
  }

  protected async removeNewestItem(): Promise<SessionItem | undefined> {
    const rows = this.#store.rows(this.sessionId);
    const row = rows.pop();
    return row === undefined ? undefined : parseStoredItem(this.sessionId, row, rows.length);
  }

  protected async removeAllItems(): Promise<void> {
    this.#store.delete(this.sessionId);
  }

  protected async release(): Promise<void> {}
}
