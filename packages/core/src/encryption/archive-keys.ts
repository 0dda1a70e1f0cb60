import type { JsonObject } from '../items.js';
import { newDataKey, wrapDataKey, type StoredSessionKey } from './data-key.js';
import { isEncryptedText } from './envelope.js';
import type { Keyring } from './keyring.js';
import { rowCipherFor, type RowCipher } from './session-cipher.js';

/**
 * How a store reads a session's archive: `undefined` for a session without a
 * data key (its rows are clear), else a cipher (an `ENCRYPTION_KEY` error
 * when the store was opened without the key that wraps it).
 */
export function archiveReader(keyring: Keyring | undefined, sessionId: string, stored: StoredSessionKey | undefined): RowCipher | undefined {
  return stored ? rowCipherFor(keyring, sessionId, stored) : undefined;
}

/** A session's rows as clear text, for an archive. */
export function openArchivedRows<Row extends { data: string }>(rows: Row[], cipher: RowCipher | undefined): Row[] {
  return cipher ? rows.map((row, i) => ({ ...row, data: cipher.open(row.data, i) })) : rows;
}

/** How a store writes an archive with encryption on: a new data key (stored once the session row exists) and its cipher. */
export function archiveWriter(keyring: Keyring | undefined, sessionId: string): { key: StoredSessionKey; rows: RowCipher } | undefined {
  if (!keyring) return undefined;
  const key = wrapDataKey(keyring, sessionId, newDataKey());
  return { key, rows: rowCipherFor(keyring, sessionId, key) };
}

/**
 * A listing's encrypted metadata, decrypted with each session's data key (one
 * key read per such session). Metadata that no given key opens (a store
 * without keys, a session under a key id not given) is listed as `null`: one
 * unreadable session does not fail the page, and the envelope is never shown.
 */
export async function openListedMetadata<Summary extends { sessionId: string; metadata: JsonObject | null }>(
  keyring: Keyring | undefined,
  summaries: Summary[],
  readKey: (sessionId: string) => Promise<StoredSessionKey | undefined> | StoredSessionKey | undefined,
): Promise<Summary[]> {
  for (const summary of summaries) {
    const text = summary.metadata === null ? '' : JSON.stringify(summary.metadata);
    if (!isEncryptedText(text)) continue;
    const stored = keyring ? await readKey(summary.sessionId) : undefined;
    const readable = stored !== undefined && keyring?.key(stored.keyId) !== undefined;
    summary.metadata = readable ? (JSON.parse(rowCipherFor(keyring, summary.sessionId, stored).open(text, 'metadata')) as JsonObject) : null;
  }
  return summaries;
}
