import { SessionError } from '../errors.js';
import type { StoredRow } from '../history-store.js';
import { newDataKey, rewrapDataKey, unwrapDataKey, wrapDataKey, type StoredSessionKey } from './data-key.js';
import { encryptText } from './envelope.js';
import type { Keyring } from './keyring.js';

/** A row of a store's key table. */
export interface SessionKeyRow extends StoredSessionKey {
  sessionId: string;
}

/** What a store's key table and messages hold, for `sessions encrypt --dry-run` and status lines. */
export interface EncryptionStatus {
  sessions: number;
  /** Sessions with a data key, per id of the key wrapping it. */
  keys: Record<string, number>;
  /** Sessions holding rows (or, on advanced stores, metadata) in clear text, with or without a data key. */
  sessionsWithClearRows: number;
  /** Sessions holding both encrypted and clear rows. */
  mixedSessions: number;
}

/** A step of a long maintenance run, for a progress bar. */
export interface MaintenanceProgress {
  sessionId: string;
  done: number;
  total: number;
  /** What was done to the session, for people. */
  note: string;
}

export interface MaintenanceOptions {
  /** Sessions per read of the store (default 100). */
  batchSize?: number | undefined;
  onProgress?: ((step: MaintenanceProgress) => void) | undefined;
}

export interface RekeyResult {
  /** Sessions whose data key was re-wrapped under the active key. */
  rekeyed: number;
  activeKeyId: string;
}

export interface EncryptResult {
  /** Sessions that held clear rows and now hold none. */
  sessions: number;
  /** Rows encrypted. */
  rows: number;
  activeKeyId: string;
}

/** The SQL a store contributes to key rotation. */
export interface KeyRotationTable {
  /** Key rows not wrapped by `keyId` with a session id above `after`, in session id order, at most `limit`. */
  keysNotWrappedBy(keyId: string, after: string | undefined, limit: number): Promise<SessionKeyRow[]>;
  countKeysNotWrappedBy(keyId: string): Promise<number>;
  /** Stores `next` when the row still holds `old` (another run may have got there first); whether it did. */
  replaceSessionKey(sessionId: string, old: StoredSessionKey, next: StoredSessionKey): Promise<boolean>;
}

/** The SQL a store contributes to turning encryption on for sessions stored in clear. */
export interface ClearRowTable {
  status(): Promise<EncryptionStatus>;
  /** Sessions holding clear rows (or clear metadata) with an id above `after`, in id order, at most `limit`. */
  sessionsWithClearRows(after: string | undefined, limit: number): Promise<string[]>;
  /**
   * In one transaction: reads the session's key, its clear rows and clear
   * metadata (advanced stores), passes them to `plan`, stores the key `plan`
   * returns when the session had none, replaces each row and the metadata
   * `plan` returns, and empties the rows' search text.
   */
  encryptSession(
    sessionId: string,
    plan: (
      key: StoredSessionKey | undefined,
      clearRows: StoredRow[],
      clearMetadata: string | undefined,
    ) => { newKey: StoredSessionKey | undefined; rows: StoredRow[]; metadata: string | undefined },
  ): Promise<number>;
}

const DEFAULT_BATCH = 100;

function batchSizeOf(options: MaintenanceOptions): number {
  const size = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isSafeInteger(size) || size < 1) throw new SessionError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${String(size)}`);
  return size;
}

/**
 * Re-wraps every data key not wrapped by the active key (items are left as
 * they are). Each session is its own step: an interrupted run leaves every
 * session readable with the old or the new key, and the next run does the rest.
 */
export async function rekeyStore(table: KeyRotationTable, keyring: Keyring, options: MaintenanceOptions = {}): Promise<RekeyResult> {
  const limit = batchSizeOf(options);
  const active = keyring.activeKeyId;
  const total = await table.countKeysNotWrappedBy(active);
  let done = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await table.keysNotWrappedBy(active, after, limit);
    if (rows.length === 0) break;
    for (const row of rows) {
      const next = rewrapDataKey(keyring, row.sessionId, row);
      const replaced = await table.replaceSessionKey(row.sessionId, row, next);
      done++;
      options.onProgress?.({
        sessionId: row.sessionId,
        done,
        total: Math.max(total, done),
        note: replaced ? `re-wrapped from ${JSON.stringify(row.keyId)}` : 'changed meanwhile, left as it is',
      });
    }
    after = rows[rows.length - 1]!.sessionId;
  }
  return { rekeyed: done, activeKeyId: active };
}

/**
 * Encrypts the clear rows of every session that holds some, session by
 * session (each in one transaction), creating the data keys sessions lack.
 * Rerunning continues where an interrupted run stopped.
 */
export async function encryptStore(table: ClearRowTable, keyring: Keyring, options: MaintenanceOptions = {}): Promise<EncryptResult> {
  const limit = batchSizeOf(options);
  const total = (await table.status()).sessionsWithClearRows;
  let sessions = 0;
  let rows = 0;
  let after: string | undefined;
  for (;;) {
    const ids = await table.sessionsWithClearRows(after, limit);
    if (ids.length === 0) break;
    for (const sessionId of ids) {
      const count = await table.encryptSession(sessionId, (stored, clearRows, clearMetadata) => {
        const newKey = stored ? undefined : wrapDataKey(keyring, sessionId, newDataKey());
        const dataKey = unwrapDataKey(keyring, sessionId, (stored ?? newKey)!);
        return {
          newKey,
          rows: clearRows.map((row) => ({ id: row.id, json: encryptText(dataKey, sessionId, row.json) })),
          metadata: clearMetadata === undefined ? undefined : encryptText(dataKey, sessionId, clearMetadata),
        };
      });
      sessions++;
      rows += count;
      options.onProgress?.({ sessionId, done: sessions, total: Math.max(total, sessions), note: `encrypted ${count} row(s)` });
    }
    after = ids[ids.length - 1];
  }
  return { sessions, rows, activeKeyId: keyring.activeKeyId };
}
