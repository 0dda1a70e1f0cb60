import type { AgentSession, EncryptionOptions, SessionStore, StoredSessionKey } from '@sessions/core';

/** A store under the encryption-at-rest cases: sessions with chosen keys, and raw reads of what it holds. */
export interface EncryptionConformanceTarget {
  name: string;
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  /** A new session object on the shared store, encrypted with `encryption`, or without keys when it is absent. */
  createSession(sessionId: string, encryption?: EncryptionOptions): Promise<AgentSession> | AgentSession;
  /**
   * Everything the store holds as text, read without the adapter: the bytes of
   * a SQLite file and its -wal file, or every row of every table of a server database.
   */
  storageText(): Promise<string>;
  /**
   * `storageText` holds the live rows only (a server's tables), not bytes of
   * rows since rewritten (a SQLite file keeps old pages until `VACUUM`).
   */
  storageIsLiveRows?: boolean | undefined;
  /** The session's row of the key table, read directly. */
  rawKey(sessionId: string): Promise<StoredSessionKey | undefined>;
  /** How many message rows the session has, read directly. */
  rawRowCount(sessionId: string): Promise<number>;
  /** The store as a whole (`openSessionStore`), for key rotation and encrypting clear sessions; closed by the suite. */
  openStore?(encryption?: EncryptionOptions): Promise<SessionStore>;
}
