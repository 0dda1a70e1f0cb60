import {
  checkArchive,
  readArchive,
  runSync,
  SessionError,
  writeArchive,
  type SessionArchive,
  type SessionArchiveInput,
  type WriteSessionArchiveOptions,
} from '@sessions/core';
import { borrowConnection, type SqliteDatabase } from '@sessions/sqlite';
import { connectionState, existingState } from './connection-state.js';

/**
 * A session as data, for backups, exports and copies between files (see
 * `@sessions/core`'s archive types). Tools read and write sessions through
 * these functions instead of this package's tables, whose layout (lanes,
 * bounds) is free to change.
 */

/** Runs `step`, reporting anything but a `SessionError` as `STORAGE_ERROR` (the SQLite error is its cause). */
function storageStep<T>(operation: string, sessionId: string | undefined, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof SessionError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SessionError('STORAGE_ERROR', `${operation} failed: ${reason}`, { ...(sessionId === undefined ? {} : { sessionId }), cause: error });
  }
}

function checkId(what: string, id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) throw new SessionError('INVALID_ARGUMENT', `${what} must be a non-empty string, got ${JSON.stringify(id) ?? String(id)}`);
  return id;
}

/**
 * Everything session `sessionId` of `db` holds, or `undefined` when there is
 * no such session (a branch id is not a session: see `sessionOfBranch`). Reads
 * in one transaction and never writes: a database without this package's
 * tables is a `STORAGE_ERROR` (SQLite's "no such table" as its cause)
 * instead of being migrated.
 */
export function readSessionArchive(db: SqliteDatabase, sessionId: string): SessionArchive | undefined {
  checkId('sessionId', sessionId);
  return storageStep('readSessionArchive', sessionId, () => {
    const { driver } = existingState(borrowConnection(db));
    return db.transaction(() => runSync(readArchive(sessionId), driver))();
  });
}

/** The session a branch id belongs to, or `undefined` when `branchId` is no branch of `db` (`main` never is: every session has one). */
export function sessionOfBranch(db: SqliteDatabase, branchId: string): string | undefined {
  checkId('branchId', branchId);
  return storageStep('sessionOfBranch', undefined, () => existingState(borrowConnection(db)).driver.sessionOfBranch(branchId));
}

/**
 * Writes a session from an archive (e.g. one `readSessionArchive` returned
 * for another file) in one transaction (a savepoint inside an open one):
 * afterwards `db` holds all of it or none of it. Branches share their
 * parent's rows as they did when written (nothing copied); timestamps,
 * branch origins, usage and metadata are restored as given. Creates this
 * package's tables when missing. `CONFLICT` when the session exists (unless
 * `replace`), when its id is a branch id of the file, or when a branch id of
 * the archive is used in the file; `INVALID_ARGUMENT` for a malformed archive.
 */
export function writeSessionArchive(db: SqliteDatabase, archive: SessionArchiveInput, options: WriteSessionArchiveOptions = {}): void {
  checkArchive(archive);
  storageStep('writeSessionArchive', archive.sessionId, () => {
    const { driver } = connectionState(borrowConnection(db));
    db.transaction(() => runSync(writeArchive(archive, options), driver)).immediate();
  });
}
