import { randomBytes } from 'node:crypto';
import { SessionError } from '../errors.js';
import { open, seal } from './aes-gcm.js';
import type { Keyring } from './keyring.js';

/** A session's data key as its store's key table holds it: wrapped by the user's key `keyId`. */
export interface StoredSessionKey {
  keyId: string;
  /** base64 of iv | tag | the sealed 32-byte data key. */
  wrappedKey: string;
}

/** What a store contributes to encryption: its key table, one row per session. */
export interface SessionKeyTable {
  /** The session's wrapped data key, or `undefined` when it has none. */
  readSessionKey(sessionId: string): Promise<StoredSessionKey | undefined>;
  /**
   * Creates the session row when absent, then stores `key` unless the session
   * already has one (an idempotent insert: of two racing writers, the first wins
   * and both go on with the key stored).
   */
  insertSessionKey(sessionId: string, key: StoredSessionKey): Promise<void>;
}

const DATA_KEY_BYTES = 32;

/** Additional data of a wrapped key: it opens only for the session it was made for. */
const wrapAad = (sessionId: string, keyId: string): string => `sessions:data-key:${keyId}:${sessionId}`;

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

export function wrapDataKey(keyring: Keyring, sessionId: string, dataKey: Buffer, keyId = keyring.activeKeyId): StoredSessionKey {
  const key = keyring.key(keyId);
  if (!key) throw missingKey(sessionId, keyId);
  return { keyId, wrappedKey: seal(key, dataKey, wrapAad(sessionId, keyId)).toString('base64') };
}

export function missingKey(sessionId: string, keyId: string, keyring?: Keyring): SessionError {
  const given = keyring ? `the keys given are ${keyring.ids.map((id) => JSON.stringify(id)).join(', ')}` : 'no encryption keys were given';
  return new SessionError(
    'ENCRYPTION_KEY',
    `the session is encrypted with key ${JSON.stringify(keyId)}, and ${given}; nothing was read or changed`,
    { sessionId },
  );
}

/** Unwraps a stored data key; a key id not in `keyring`, or a key that does not open it, is an `ENCRYPTION_KEY` error. */
export function unwrapDataKey(keyring: Keyring | undefined, sessionId: string, stored: StoredSessionKey): Buffer {
  const key = keyring?.key(stored.keyId);
  if (!keyring || !key) throw missingKey(sessionId, stored.keyId, keyring);
  const dataKey = open(key, Buffer.from(stored.wrappedKey, 'base64'), wrapAad(sessionId, stored.keyId));
  if (!dataKey || dataKey.length !== DATA_KEY_BYTES) {
    throw new SessionError(
      'ENCRYPTION_KEY',
      `the key given as ${JSON.stringify(stored.keyId)} does not open the session's data key (a wrong key under that id); nothing was read or changed`,
      { sessionId },
    );
  }
  return dataKey;
}

/** Re-wraps a stored data key under `keyring`'s active key; the items it encrypts are left as they are. */
export function rewrapDataKey(keyring: Keyring, sessionId: string, stored: StoredSessionKey): StoredSessionKey {
  return wrapDataKey(keyring, sessionId, unwrapDataKey(keyring, sessionId, stored));
}
