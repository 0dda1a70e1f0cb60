import { SessionError } from '../errors.js';
import { open, seal } from './aes-gcm.js';

/**
 * An encrypted row is JSON text too, so it fits every store's text column:
 * `{"$enc":1,"d":"<base64 of iv | tag | ciphertext>"}`.
 */
const PREFIX = '{"$enc":1,"d":"';
const SUFFIX = '"}';

/** Additional data of a row: it opens only inside the session that wrote it. */
const rowAad = (sessionId: string): string => `sessions:row:${sessionId}`;

export function isEncryptedText(text: string): boolean {
  return text.startsWith(PREFIX);
}

/**
 * A short name for an encrypted row: its IV and authentication tag (the first
 * 30 bytes of the body). The tag authenticates the ciphertext, so two rows with
 * one name hold the same clear text.
 */
export function encryptedRowName(text: string): string {
  return text.slice(PREFIX.length, PREFIX.length + 40);
}

export function encryptText(dataKey: Buffer, sessionId: string, text: string): string {
  return PREFIX + seal(dataKey, Buffer.from(text, 'utf8'), rowAad(sessionId)).toString('base64') + SUFFIX;
}

/** The clear text of an encrypted row; `rowId` names the row in the error when the data key does not open it. */
export function decryptText(dataKey: Buffer, sessionId: string, text: string, rowId: number | string): string {
  const body = text.endsWith(SUFFIX) ? text.slice(PREFIX.length, -SUFFIX.length) : '';
  const clear = body === '' ? undefined : open(dataKey, Buffer.from(body, 'base64'), rowAad(sessionId));
  if (!clear) {
    throw new SessionError('CORRUPT_ITEM', `stored row ${rowId} is encrypted, and the session's data key does not open it`, { sessionId });
  }
  return clear.toString('utf8');
}
