import { readdirSync, readFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import {
  checkEncryption,
  isEncryptedText,
  parseStoredItem,
  rowCipherFor,
  type EncryptionOptions,
  type SessionItem,
  type StoredSessionKey,
} from '@sessions/core';
import { query, rawMessages, rawStoreReader, type RawKind } from './raw-tables.js';

const bytes = (seed: number) => Buffer.alloc(32, seed).toString('base64');

/** Keys for encrypted test runs: `k1` active, `k0` an older key still accepted. */
export const TEST_ENCRYPTION: EncryptionOptions = {
  keys: [
    { id: 'k1', key: bytes(1) },
    { id: 'k0', key: bytes(7) },
  ],
  activeKeyId: 'k1',
};

/** A session's wrapped data key straight from `agent_session_keys`. */
export async function rawSessionKey(kind: RawKind, url: string, sessionId: string): Promise<StoredSessionKey | undefined> {
  const sql = `SELECT key_id AS "keyId", wrapped_key AS "wrappedKey" FROM agent_session_keys WHERE session_id = `;
  const [row] = await query<StoredSessionKey>(kind, url, { sqlite: `${sql}?`, postgres: `${sql}$1`, mysql: `${sql}?`.replaceAll('"', '`') }, [sessionId]);
  return row;
}

/**
 * A session's items read from the tables directly and decrypted with
 * `encryption`'s keys; a row stored in clear text is an error, so the check
 * fails when a write skipped encryption.
 */
export async function rawDecryptedItems(kind: RawKind, url: string, sessionId: string, encryption: EncryptionOptions = TEST_ENCRYPTION): Promise<SessionItem[]> {
  const rows = await rawMessages(kind, url, sessionId);
  if (rows.length === 0) return [];
  const cipher = rowCipherFor(checkEncryption(encryption), sessionId, await rawSessionKey(kind, url, sessionId));
  return rows.map((row, i) => {
    if (!isEncryptedText(row.data)) throw new Error(`session ${sessionId}: stored row ${i} is clear text: ${row.data.slice(0, 80)}`);
    return parseStoredItem(sessionId, cipher.open(row.data, i), i);
  });
}

/** The bytes of a SQLite database and its -wal / -shm files, as latin1 text for substring searches. */
export function sqliteFileText(path: string): string {
  const dir = dirname(path);
  const name = basename(path);
  return readdirSync(dir)
    .filter((file) => file.startsWith(name))
    .map((file) => readFileSync(join(dir, file)).toString('latin1'))
    .join('\n');
}

/** Every text column of every table of a server database, for substring searches. */
export async function serverTablesText(kind: 'postgres' | 'mysql', url: string): Promise<string> {
  const tables = await query<{ name: string }>(
    kind,
    url,
    {
      sqlite: '',
      postgres: `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      mysql: `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`,
    },
    [],
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const quoted = kind === 'postgres' ? `"${name}"` : `\`${name}\``;
    const rows = await query<Record<string, unknown>>(kind, url, { sqlite: '', postgres: `SELECT * FROM ${quoted}`, mysql: `SELECT * FROM ${quoted}` }, []);
    for (const row of rows) {
      parts.push(Object.values(row).map((value) => (Buffer.isBuffer(value) ? value.toString('latin1') : String(value))).join('\t'));
    }
  }
  return parts.join('\n');
}

/** How many message rows a session has, counted in `agent_messages` directly. */
export async function rawMessageCount(kind: RawKind, url: string, sessionId: string): Promise<number> {
  return (await rawMessages(kind, url, sessionId)).length;
}

/**
 * `rawStoreReader` for a store written with `encryption`: message rows are read
 * from the tables directly and decrypted; a row stored in clear fails the read.
 */
export function rawDecryptingStoreReader(kind: RawKind, url: string, encryption: EncryptionOptions = TEST_ENCRYPTION) {
  const plain = rawStoreReader(kind, url);
  return {
    sessionRow: plain.sessionRow,
    messageRows: async (sessionId: string) => {
      const rows = await rawMessages(kind, url, sessionId);
      if (rows.length === 0) return [];
      const cipher = rowCipherFor(checkEncryption(encryption), sessionId, await rawSessionKey(kind, url, sessionId));
      return rows.map(({ data, createdAt }, i) => {
        if (!isEncryptedText(data)) throw new Error(`session ${sessionId}: stored row ${i} is clear text: ${data.slice(0, 80)}`);
        return { data: cipher.open(data, i), createdAt };
      });
    },
  };
}
