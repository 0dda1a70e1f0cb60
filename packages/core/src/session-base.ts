import { SessionError } from './errors.js';
import type { SessionKeyTable } from './encryption/data-key.js';
import { checkEncryption } from './encryption/keyring.js';
import { SessionEncryption, type RowCipher } from './encryption/session-cipher.js';
import { parseStoredItem, serializeItems, type SessionItem } from './items.js';
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
  /** The session's data key, loaded once; rows pass through `rows` (see `parseRow`). */
  protected readonly encryption: SessionEncryption;
  #closed = false;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(sessionId: string, options: SessionOptions = {}) {
    this.sessionId = checkSessionId(sessionId);
    this.sessionSettings = checkSessionSettings(this.sessionId, options.sessionSettings);
    this.encryption = new SessionEncryption(this.sessionId, checkEncryption(options.encryption, this.sessionId));
  }

  /** The store's key table; stores that offer encryption at rest return theirs. */
  protected sessionKeyTable(): SessionKeyTable | undefined {
    return undefined;
  }

  /** The session whose data key encrypts this object's rows (an advanced session's branches share their session's). */
  protected keySessionId(): string {
    return this.sessionId;
  }

  /** Loads the session's data key (creating it for a write when encryption is on); cached after the first call. */
  protected async prepareRows(forWrite: boolean): Promise<RowCipher> {
    const { encryption } = this;
    const id = this.keySessionId();
    return encryption.readyFor(id) ? encryption.current : encryption.prepare(this.sessionKeyTable(), forWrite, id);
  }

  /** The cipher `prepareRows` loaded: seals rows for writing and opens stored ones. */
  protected get rows(): RowCipher {
    return this.encryption.current;
  }

  /** Parses one stored row (decrypted when it is encrypted); `rowId` names it in errors. */
  protected parseRow(text: string, rowId: number | string): SessionItem {
    return parseStoredItem(this.sessionId, this.encryption.current.open(text, rowId), rowId);
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
    return this.guard('getItems', async () => {
      await this.prepareRows(false);
      return this.readItems(effective);
    });
  }

  async addItems(items: SessionItem[]): Promise<void> {
    this.assertOpen('addItems');
    const rows = serializeItems(this.sessionId, items);
    if (rows.length === 0) return;
    await this.guard('addItems', async () => {
      const cipher = await this.prepareRows(true);
      return this.writeItems(cipher.sealAll(rows));
    });
  }

  async popItem(): Promise<SessionItem | undefined> {
    return this.guard('popItem', async () => {
      await this.prepareRows(false);
      return this.removeNewestItem();
    });
  }

  async clearSession(): Promise<void> {
    await this.guard('clearSession', async () => {
      await this.prepareRows(false);
      await this.removeAllItems();
      // The session's data key went with it.
      this.encryption.reset();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
    await this.release();
  }
}
