import { SessionError } from '../errors.js';
import { newDataKey, unwrapDataKey, wrapDataKey, type SessionKeyTable, type StoredSessionKey } from './data-key.js';
import { decryptText, encryptedRowName, encryptText, isEncryptedText } from './envelope.js';
import type { Keyring } from './keyring.js';

/** Rows whose clear text a session object remembers: a runner reads the newest items again on every turn. */
const OPENED_ROWS = 4096;

/** Turns one session's rows into stored text and back: with its data key, or as clear text when it has none. */
export class RowCipher {
  readonly sessionId: string;
  readonly #dataKey: Buffer | undefined;
  /** Clear text by `encryptedRowName`. */
  readonly #opened = new Map<string, string>();

  constructor(sessionId: string, dataKey: Buffer | undefined) {
    this.sessionId = sessionId;
    this.#dataKey = dataKey;
  }

  get encrypts(): boolean {
    return this.#dataKey !== undefined;
  }

  seal(json: string): string {
    return this.#dataKey ? encryptText(this.#dataKey, this.sessionId, json) : json;
  }

  sealAll(rows: string[]): string[] {
    return this.#dataKey ? rows.map((row) => this.seal(row)) : rows;
  }

  /** A clear row comes back as stored (a store may hold rows from before encryption was turned on). */
  open(text: string, rowId: number | string): string {
    if (!isEncryptedText(text)) return text;
    if (!this.#dataKey) {
      throw new SessionError('ENCRYPTION_KEY', `stored row ${rowId} is encrypted, and this session has no key to open it; nothing was read or changed`, {
        sessionId: this.sessionId,
      });
    }
    const name = encryptedRowName(text);
    const remembered = this.#opened.get(name);
    if (remembered !== undefined) return remembered;
    const clear = decryptText(this.#dataKey, this.sessionId, text, rowId);
    if (this.#opened.size >= OPENED_ROWS) this.#opened.delete(this.#opened.keys().next().value!);
    this.#opened.set(name, clear);
    return clear;
  }
}

/** A cipher for a session's stored key; the way in for code that reads the tables itself (tools, tests). */
export function rowCipherFor(keyring: Keyring | undefined, sessionId: string, stored: StoredSessionKey | undefined): RowCipher {
  return new RowCipher(sessionId, stored ? unwrapDataKey(keyring, sessionId, stored) : undefined);
}

/**
 * One session object's encryption state. The data key is read (or created) once
 * and cached: a session without keys remembers that its session has no data key,
 * one with keys remembers its unwrapped data key.
 */
export class SessionEncryption {
  readonly sessionId: string;
  readonly keyring: Keyring | undefined;
  #cipher: RowCipher | undefined;
  #pending: Promise<RowCipher> | undefined;
  #clear: RowCipher | undefined;

  constructor(sessionId: string, keyring: Keyring | undefined) {
    this.sessionId = sessionId;
    this.keyring = keyring;
  }

  /** The cipher of the last `prepare`, clear until then. */
  get current(): RowCipher {
    return this.#cipher ?? (this.#clear ??= new RowCipher(this.sessionId, undefined));
  }

  /** Whether `prepare` for `sessionId` would return without reading the key table. */
  readyFor(sessionId: string): boolean {
    const cipher = this.#cipher;
    return cipher !== undefined && cipher.sessionId === sessionId && (cipher.encrypts || this.keyring === undefined);
  }

  /**
   * Loads the session's data key (creating it when `forWrite` and encryption is
   * on). Without keys, a session that has a data key is an `ENCRYPTION_KEY` error.
   */
  async prepare(table: SessionKeyTable | undefined, forWrite: boolean, sessionId = this.sessionId): Promise<RowCipher> {
    if (this.readyFor(sessionId)) return this.#cipher!;
    if (!table) {
      if (this.keyring) {
        throw new SessionError('INVALID_ARGUMENT', 'this store does not support the encryption option', { sessionId: this.sessionId });
      }
      return (this.#cipher = new RowCipher(sessionId, undefined));
    }
    if (forWrite && this.#pending) return this.#pending;
    const pending = this.#load(table, forWrite, sessionId);
    if (forWrite) this.#pending = pending;
    try {
      return await pending;
    } finally {
      if (this.#pending === pending) this.#pending = undefined;
    }
  }

  async #load(table: SessionKeyTable, forWrite: boolean, sessionId: string): Promise<RowCipher> {
    const { keyring } = this;
    let stored = await table.readSessionKey(sessionId);
    if (!stored && keyring && forWrite) {
      await table.insertSessionKey(sessionId, wrapDataKey(keyring, sessionId, newDataKey()));
      // Another writer may have stored its key first: use whichever the table holds.
      stored = await table.readSessionKey(sessionId);
      if (!stored) throw new SessionError('STORAGE_ERROR', 'the data key just stored could not be read back', { sessionId });
    }
    if (!stored) {
      const clear = new RowCipher(sessionId, undefined);
      // With keys, look again next time: another writer may create the data key.
      if (!keyring) this.#cipher = clear;
      return clear;
    }
    const cipher = new RowCipher(sessionId, unwrapDataKey(keyring, sessionId, stored));
    this.#cipher = cipher;
    return cipher;
  }

  /** Forgets the cached key (the session was cleared: its data key went with it). */
  reset(): void {
    this.#cipher = undefined;
  }
}
