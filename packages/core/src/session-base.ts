import { SessionError } from './errors.js';
import { serializeItems, type SessionItem } from './items.js';
import type { AgentSession, SessionOptions } from './session.js';
import { checkSessionId } from './session-id.js';
import { checkSessionSettings, resolveLimit, type SessionSettings } from './settings.js';

/**
 * Shared front of every session: argument checks, the closed state, batch
 * validation and error wrapping. A store implements only the storage steps.
 */
export abstract class SessionBase implements AgentSession {
  readonly sessionId: string;
  protected readonly sessionSettings: SessionSettings;
  #closed = false;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(sessionId: string, options: SessionOptions = {}) {
    this.sessionId = checkSessionId(sessionId);
    this.sessionSettings = checkSessionSettings(this.sessionId, options.sessionSettings);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The newest `limit` items (all when `undefined`), oldest first; `limit` is never 0 here. */
  protected abstract readItems(limit: number | undefined): Promise<SessionItem[]>;
  /** Appends already validated JSON rows in one transaction; `rows` is never empty. */
  protected abstract writeItems(rows: string[]): Promise<void>;
  protected abstract removeNewestItem(): Promise<SessionItem | undefined>;
  protected abstract removeAllItems(): Promise<void>;
  /** Frees what this object opened. Called once, after in-flight calls settle. */
  protected abstract release(): Promise<void>;

  /** Maps a store failure to a typed error; stores override it to recognise e.g. lost connections. */
  protected toSessionError(operation: string, error: unknown): SessionError {
    if (error instanceof SessionError) return error;
    const reason = error instanceof Error ? error.message : String(error);
    return new SessionError('STORAGE_ERROR', `${operation} failed: ${reason}`, { sessionId: this.sessionId, cause: error });
  }

  protected assertOpen(operation: string): void {
    if (this.#closed) {
      throw new SessionError('SESSION_CLOSED', `${operation} called after close()`, { sessionId: this.sessionId });
    }
  }

  /** Runs a storage step with the closed check, error mapping and in-flight tracking `close()` waits for. */
  protected async guard<T>(operation: string, step: () => Promise<T>): Promise<T> {
    this.assertOpen(operation);
    const pending = step();
    this.#inFlight.add(pending);
    try {
      return await pending;
    } catch (error) {
      throw this.toSessionError(operation, error);
    } finally {
      this.#inFlight.delete(pending);
    }
  }

  async getSessionId(): Promise<string> {
    this.assertOpen('getSessionId');
    return this.sessionId;
  }

  async getItems(limit?: number): Promise<SessionItem[]> {
    this.assertOpen('getItems');
    const effective = resolveLimit(this.sessionId, limit, this.sessionSettings);
    if (effective === 0) return [];
    return this.guard('getItems', () => this.readItems(effective));
  }

  async addItems(items: SessionItem[]): Promise<void> {
    this.assertOpen('addItems');
    const rows = serializeItems(this.sessionId, items);
    if (rows.length === 0) return;
    await this.guard('addItems', () => this.writeItems(rows));
  }

  async popItem(): Promise<SessionItem | undefined> {
    return this.guard('popItem', () => this.removeNewestItem());
  }

  async clearSession(): Promise<void> {
    await this.guard('clearSession', () => this.removeAllItems());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
    await this.release();
  }
}
