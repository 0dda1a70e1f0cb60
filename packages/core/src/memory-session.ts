import type { HistorySplice, RowEdits, SpliceOutcome, StoredRow } from './history-store.js';
import { HistorySessionBase } from './history-session-base.js';
import { parseStoredItem, type SessionItem } from './items.js';
import type { SessionOptions } from './session.js';

/**
 * Where `MemorySession`s keep their history. Sessions created with the same
 * store and id share one history, like two objects on one database file.
 */
export class MemorySessionStore {
  readonly #sessions = new Map<string, string[]>();
  readonly #operations = new Map<string, Map<string, string>>();

  rows(sessionId: string): string[] {
    let rows = this.#sessions.get(sessionId);
    if (!rows) {
      rows = [];
      this.#sessions.set(sessionId, rows);
    }
    return rows;
  }

  /** Fingerprints of the history transactions applied to the session, by operation id. */
  operations(sessionId: string): Map<string, string> {
    let operations = this.#operations.get(sessionId);
    if (!operations) {
      operations = new Map();
      this.#operations.set(sessionId, operations);
    }
    return operations;
  }

  sessionIds(): string[] {
    return [...this.#sessions.keys()];
  }

  delete(sessionId: string): void {
    this.#sessions.delete(sessionId);
    this.#operations.delete(sessionId);
  }
}

export interface MemorySessionOptions extends SessionOptions {
  /** Share history between sessions with the same id; each session gets a private store by default. */
  store?: MemorySessionStore | undefined;
}

/**
 * The reference implementation of the contract. Items are kept as JSON text,
 * so reads return copies and behave exactly like a database-backed session.
 * Every step runs synchronously, so each is atomic.
 */
export class MemorySession extends HistorySessionBase {
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

  protected async spliceHistory(splice: HistorySplice): Promise<SpliceOutcome> {
    const operations = this.#store.operations(this.sessionId);
    if (splice.operation) {
      const recordedFingerprint = operations.get(splice.operation.id);
      if (recordedFingerprint !== undefined) return { applied: false, recordedFingerprint };
    }
    const rows = this.#store.rows(this.sessionId);
    const keep = splice.remove === 'all' ? 0 : Math.max(0, rows.length - splice.remove.newest);
    if (splice.remove !== 'all') splice.checkRemoved?.(rows.slice(keep));
    rows.splice(keep, rows.length - keep, ...splice.append);
    if (splice.operation) operations.set(splice.operation.id, splice.operation.fingerprint);
    return { applied: true };
  }

  protected async rewriteHistory(plan: (rows: StoredRow[]) => RowEdits): Promise<void> {
    const rows = this.#store.rows(this.sessionId);
    const edits = plan(rows.map((json, id) => ({ id, json })));
    for (const { id, json } of edits.replace) rows[id as number] = json;
    const removed = new Set(edits.remove);
    const kept = rows.filter((_, id) => !removed.has(id));
    rows.splice(0, rows.length, ...kept);
  }

  protected async release(): Promise<void> {}
}
