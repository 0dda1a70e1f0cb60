import { SessionError, type JsonObject } from '@sessions/core';
import { borrowConnection, type SqliteDatabase } from '@sessions/sqlite';
import { writeBranches } from './archive-branches.js';
import { checkArchive } from './archive-check.js';
import { archiveState, type ArchiveState, type ArchivedRow } from './archive-statements.js';
import type { ArchivedBranch, ArchivedItem, SessionArchive, SessionArchiveInput, WriteSessionArchiveOptions } from './archive-types.js';
import { connectionState } from './connection-state.js';
import { acrossSegments, segmentsOf } from './lanes.js';
import { setMetadata } from './session-metadata.js';
import type { SessionContext } from './session-context.js';
import { MAIN_BRANCH } from './types.js';

/**
 * A session as data, for backups, exports and copies between files: what
 * each branch reads (stored JSON text and timestamp per item), where each
 * branch came from, the usage rows and the metadata. Tools read and write
 * sessions through these functions instead of this package's tables, whose
 * layout (lanes, bounds) is free to change.
 */

/** Runs `step`, reporting anything but a `SessionError` as `STORAGE_ERROR` (the SQLite error is its cause). */
export function storageStep<T>(operation: string, sessionId: string | undefined, step: () => T): T {
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

/** The rows a branch reads, oldest first, with their message ids. */
function branchRows(state: ArchiveState, laneId: number): ArchivedRow[] {
  return acrossSegments(segmentsOf(state.statements, laneId), (seg) => state.archive.rowsInLane.all(seg.laneId, seg.bound));
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
  return storageStep('readSessionArchive', sessionId, () => readArchive(db, sessionId));
}

function readArchive(db: SqliteDatabase, sessionId: string): SessionArchive | undefined {
  const state = archiveState(borrowConnection(db));
  const { statements: s, archive: a } = state;
  return db.transaction((): SessionArchive | undefined => {
    const times = a.sessionTimes.get(sessionId);
    if (!times) return undefined;
    const branches: ArchivedBranch[] = [];
    for (const row of s.branches.all(sessionId)) {
      const items = branchRows(state, row.laneId).map(({ data, createdAt }): ArchivedItem => ({ data, createdAt }));
      const branch = { branchId: row.branchId, parentBranchId: row.parentBranchId, fromTurn: row.fromTurn, createdAt: row.createdAt, items };
      if (row.branchId === MAIN_BRANCH) branches.unshift(branch);
      else branches.push(branch);
    }
    const metadata = s.getMetadata.get(sessionId);
    return {
      sessionId,
      ...times,
      metadata: metadata === undefined ? null : (JSON.parse(metadata) as JsonObject),
      branches,
      usage: a.usage.all(sessionId),
    };
  })();
}

/** The session a branch id belongs to, or `undefined` when `branchId` is no branch of `db` (`main` never is: every session has one). */
export function sessionOfBranch(db: SqliteDatabase, branchId: string): string | undefined {
  checkId('branchId', branchId);
  return storageStep('sessionOfBranch', undefined, () => archiveState(borrowConnection(db)).statements.branchOwner.get(branchId));
}

/** Puts back what writing stamps with "now": a branch's origin and creation time, and its items' timestamps. */
function restoreBranch(ctx: SessionContext, state: ArchiveState, branch: SessionArchiveInput['branches'][number]): void {
  const row = ctx.statements.branch.get(ctx.sessionId, branch.branchId);
  if (!row) return;
  const parent = branch.branchId === MAIN_BRANCH ? null : branch.parentBranchId;
  const fromTurn = branch.branchId === MAIN_BRANCH ? null : branch.fromTurn;
  state.archive.setBranchOrigin.run(parent, fromTurn, branch.createdAt ?? null, ctx.sessionId, branch.branchId);
  branchRows(state, row.laneId).forEach((stored, i) => {
    const createdAt = branch.items[i]?.createdAt;
    if (createdAt !== undefined && createdAt !== stored.createdAt) state.archive.setItemTime.run(createdAt, stored.id);
  });
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
  storageStep('writeSessionArchive', archive.sessionId, () => writeArchive(db, archive, options));
}

function writeArchive(db: SqliteDatabase, archive: SessionArchiveInput, options: WriteSessionArchiveOptions): void {
  const { sessionId } = archive;
  const connection = borrowConnection(db);
  const session = connectionState(connection);
  const state = archiveState(connection);
  // A cache of our own: lanes made here vanish if the caller's transaction rolls back, and their ids come back.
  const main: SessionContext = { db, ...session, chains: new Map(), sessionId, branchId: MAIN_BRANCH, handle: sessionId };
  const s = session.statements;
  db.transaction(() => {
    const owner = s.branchOwner.get(sessionId);
    if (owner !== undefined) {
      throw new SessionError('CONFLICT', `${JSON.stringify(sessionId)} is a branch of session ${JSON.stringify(owner)} in this database`, { sessionId });
    }
    if (s.sessionExists.get(sessionId) !== undefined) {
      if (options?.replace !== true) throw new SessionError('CONFLICT', `session ${JSON.stringify(sessionId)} already exists; pass { replace: true } to overwrite it`, { sessionId });
      s.deleteSession.run(sessionId);
    }
    s.touchSession.run(sessionId);
    const mainBranch = archive.branches.find((b) => b.branchId === MAIN_BRANCH);
    writeBranches(main, mainBranch?.items ?? [], archive.branches.filter((b) => b !== mainBranch));
    if (archive.metadata !== null && archive.metadata !== undefined) setMetadata(main, archive.metadata);
    for (const row of archive.usage) {
      state.archive.insertUsage.run({
        sessionId,
        branchId: row.branchId,
        turn: row.turn,
        runId: row.runId,
        model: row.model,
        requests: row.requests,
        inputTokens: row.inputTokens,
        cachedInputTokens: row.cachedInputTokens,
        outputTokens: row.outputTokens,
        reasoningTokens: row.reasoningTokens,
        totalTokens: row.totalTokens,
        inputTokensDetails: row.inputTokensDetails,
        outputTokensDetails: row.outputTokensDetails,
        createdAt: row.createdAt ?? null,
      });
    }
    state.archive.setSessionTimes.run(archive.createdAt, archive.updatedAt, sessionId);
    if (mainBranch) restoreBranch(main, state, mainBranch);
    for (const branch of archive.branches) if (branch !== mainBranch) restoreBranch(main, state, branch);
  }).immediate();
}
