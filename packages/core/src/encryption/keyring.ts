import { SessionError } from '../errors.js';

/** One key the user supplies: 32 bytes, as a Buffer or base64 text, under an id stored with what it wraps. */
export interface EncryptionKey {
  id: string;
  key: Uint8Array | string;
}

/**
 * Encryption at rest: every session gets a random data key, stored wrapped
 * by `activeKeyId`'s key; reads find the wrapping key by the id stored with
 * each wrapped data key, so older keys stay usable until data keys are rewrapped.
 */
export interface EncryptionOptions {
  keys: EncryptionKey[];
  /** The key new data keys are wrapped with; defaults to the only key when there is one. */
  activeKeyId?: string | undefined;
}

const KEY_BYTES = 32;
const MAX_KEY_ID_LENGTH = 64;

/** Validated keys by id and the active one. */
export class Keyring {
  readonly activeKeyId: string;
  readonly #keys: ReadonlyMap<string, Buffer>;

  constructor(keys: ReadonlyMap<string, Buffer>, activeKeyId: string) {
    this.#keys = keys;
    this.activeKeyId = activeKeyId;
  }

  get ids(): string[] {
    return [...this.#keys.keys()];
  }

  key(id: string): Buffer | undefined {
    return this.#keys.get(id);
  }

  get activeKey(): Buffer {
    return this.#keys.get(this.activeKeyId)!;
  }
}

function invalid(message: string, sessionId: string | undefined): SessionError {
  return new SessionError('INVALID_ARGUMENT', `encryption: ${message}`, { sessionId });
}

function keyBytes(entry: EncryptionKey, index: number, sessionId: string | undefined): Buffer {
  const { key } = entry;
  let bytes: Buffer;
  if (typeof key === 'string') {
    bytes = Buffer.from(key, 'base64');
    if (bytes.toString('base64').replace(/=+$/, '') !== key.trim().replace(/=+$/, '')) {
      throw invalid(`keys[${index}] (${JSON.stringify(entry.id)}) is not base64 text`, sessionId);
    }
  } else if (key instanceof Uint8Array) {
    bytes = Buffer.from(key);
  } else {
    throw invalid(`keys[${index}].key must be a Buffer or base64 text of ${KEY_BYTES} bytes`, sessionId);
  }
  if (bytes.length !== KEY_BYTES) {
    throw invalid(`key ${JSON.stringify(entry.id)} is ${bytes.length} bytes; AES-256 keys are ${KEY_BYTES} bytes`, sessionId);
  }
  return bytes;
}

/** Checks the `encryption` option; `undefined` when encryption is off. */
export function checkEncryption(value: unknown, sessionId?: string): Keyring | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Keyring) return value;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('expects { keys, activeKeyId }', sessionId);
  const { keys, activeKeyId } = value as { keys?: unknown; activeKeyId?: unknown };
  if (!Array.isArray(keys) || keys.length === 0) throw invalid('keys must be a non-empty array of { id, key }', sessionId);
  const byId = new Map<string, Buffer>();
  keys.forEach((entry: unknown, index) => {
    if (entry === null || typeof entry !== 'object') throw invalid(`keys[${index}] must be { id, key }`, sessionId);
    const { id } = entry as { id?: unknown };
    if (typeof id !== 'string' || id === '' || id.length > MAX_KEY_ID_LENGTH) {
      throw invalid(`keys[${index}].id must be a string of 1 to ${MAX_KEY_ID_LENGTH} characters`, sessionId);
    }
    if (byId.has(id)) throw invalid(`key id ${JSON.stringify(id)} is given twice`, sessionId);
    byId.set(id, keyBytes(entry as EncryptionKey, index, sessionId));
  });
  let active = activeKeyId;
  if (active === undefined) {
    if (byId.size !== 1) throw invalid('activeKeyId is required when more than one key is given', sessionId);
    active = [...byId.keys()][0];
  }
  if (typeof active !== 'string' || !byId.has(active)) {
    throw invalid(`activeKeyId ${JSON.stringify(active)} is not the id of one of the keys`, sessionId);
  }
  return new Keyring(byId, active);
}

/** `checkEncryption` for calls that need keys (key rotation, encrypting a store). */
export function requireKeyring(value: unknown): Keyring {
  const keyring = checkEncryption(value);
  if (!keyring) throw new SessionError('INVALID_ARGUMENT', 'encryption keys are required');
  return keyring;
}
