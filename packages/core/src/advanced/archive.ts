import type { RowCipher } from '../encryption/session-cipher.js';
import { SessionError } from '../errors.js';
import { parseStoredItem, serializeItems, type JsonObject } from '../items.js';
import { itemKind } from '../turns.js';
import type { StoreArchive, StoreArchiveInput } from '../store/contract.js';
import type { ArchivedBranch, ArchivedItem, SessionArchiveInput, WriteSessionArchiveOptions } from './archive-types.js';
import { checkBranchName, createBranch, createBranchFromTurn } from './branches.js';
import { db, laneSegments, onBranch, type AdvancedPlan, type BranchContext, clearTextOf } from './context.js';
import type { TimedItemRow } from './driver.js';
import { appendReplayRows, REPLAY_KIND, startReplay } from './compaction.js';
import { appendItems } from './history.js';
import { setMetadata } from './metadata.js';
import { MAIN_BRANCH } from './types.js';

/**
 * A session as data, for backups, exports and copies between stores: what
 * each branch reads (stored JSON text and timestamp per item), where each
 * branch came from, the usage rows and the metadata, independent of how a
 * store's tables hold them (lanes and bounds are free to change).
 */

type BranchInput = SessionArchiveInput['branches'][number];

/** A branch's stored row as an archive carries it. */
interface ArchiveRow extends TimedItemRow {
  replayStart?: true;
  replayOnly?: true;
}

/** Every row a branch reads, oldest first, with where compactions started its replay history. */
function* branchRows(ctx: BranchContext, laneId: number): AdvancedPlan<ArchiveRow[]> {
  const segments = yield* laneSegments(ctx, laneId);
  if (!segments.some((segment) => segment.replayStart)) return yield* db.timedRows(ctx.sessionId, segments);
  // Segment by segment, oldest first: a compaction's lane starts with its first row.
  const rows: ArchiveRow[] = [];
  for (let i = segments.length - 1; i >= 0; i--) {
    const own = yield* db.structure(ctx.sessionId, [segments[i]!], false);
    own.forEach((row, j) => {
      const archived: ArchiveRow = { id: row.id, data: row.data, createdAt: row.createdAt };
      if (j === 0 && segments[i]!.replayStart) archived.replayStart = true;
      if (row.kind === REPLAY_KIND) archived.replayOnly = true;
      rows.push(archived);
    });
  }
  return rows;
}

function archivedItem(row: ArchiveRow, cipher: RowCipher | undefined): ArchivedItem {
  const item: ArchivedItem = { data: cipher ? cipher.open(row.data, row.id) : row.data, createdAt: row.createdAt };
  if (row.replayStart) item.replayStart = true;
  if (row.replayOnly) item.replayOnly = true;
  return item;
}

/** Everything session `sessionId` holds, or `undefined` when there is no such session. Run as one read transaction. */
export function* readArchive(sessionId: string, rows?: RowCipher): AdvancedPlan<StoreArchive | undefined> {
  const ctx: BranchContext = { sessionId, branchId: MAIN_BRANCH, handle: sessionId, rows };
  const session = yield* db.sessionRow(sessionId);
  if (!session) return undefined;
  const branches: ArchivedBranch[] = [];
  for (const row of yield* db.branches(sessionId)) {
    // Archives carry clear items, so they can be written into any store, encrypted or not.
    const items = (yield* branchRows(ctx, row.laneId)).map((stored) => archivedItem(stored, rows));
    const branch = { branchId: row.branchId, parentBranchId: row.parentBranchId, fromTurn: row.fromTurn, createdAt: row.createdAt, items };
    if (row.branchId === MAIN_BRANCH) branches.unshift(branch);
    else branches.push(branch);
  }
  const metadata = yield* db.getMetadata(sessionId);
  return {
    sessionId,
    owner: session.owner,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    metadata: metadata === undefined ? null : (JSON.parse(clearTextOf(ctx, metadata, 'metadata')) as JsonObject),
    branches,
    usage: yield* db.usageRows(sessionId),
  };
}

/**
 * Writes a session from a checked archive (`checkArchive`): afterwards the
 * store holds all of it or none of it. Branches share their parent's rows as
 * they did when written (nothing copied); timestamps, branch origins, usage
 * and metadata are restored as given. Run as one write transaction.
 */
export function* writeArchive(archive: StoreArchiveInput, options: WriteSessionArchiveOptions | undefined, rows?: RowCipher): AdvancedPlan<void> {
  const { sessionId } = archive;
  // A chain cache of its own: lanes made here vanish if the transaction rolls back.
  const owner = archive.owner ?? null;
  const main: BranchContext = { sessionId, branchId: MAIN_BRANCH, handle: sessionId, chains: new Map(), owner, rows };
  const parent = yield* db.sessionOfBranch(sessionId);
  if (parent !== undefined) {
    throw new SessionError('CONFLICT', `${JSON.stringify(sessionId)} is a branch of session ${JSON.stringify(parent)} in this database`, { sessionId });
  }
  yield* db.lockSession(sessionId);
  if (yield* db.sessionExists(sessionId)) {
    if (options?.replace !== true) throw new SessionError('CONFLICT', `session ${JSON.stringify(sessionId)} already exists; pass { replace: true } to overwrite it`, { sessionId });
    yield* db.deleteSession(sessionId);
  }
  yield* db.touchSession(sessionId, owner);
  const mainBranch = archive.branches.find((b) => b.branchId === MAIN_BRANCH);
  yield* writeBranches(main, mainBranch?.items ?? [], archive.branches.filter((b) => b !== mainBranch));
  if (archive.metadata !== null && archive.metadata !== undefined) yield* setMetadata(main, JSON.stringify(archive.metadata));
  for (const row of archive.usage) {
    yield* db.insertUsage({
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
  yield* db.restoreSession(sessionId, { owner, createdAt: archive.createdAt, updatedAt: archive.updatedAt });
  if (mainBranch) yield* restoreBranch(main, mainBranch);
  for (const branch of archive.branches) if (branch !== mainBranch) yield* restoreBranch(main, branch);
}

/** Puts back what writing stamps with "now": a branch's origin and creation time, and its items' timestamps. */
function* restoreBranch(ctx: BranchContext, branch: BranchInput): AdvancedPlan<void> {
  const row = yield* db.branch(ctx.sessionId, branch.branchId);
  if (!row) return;
  const parent = branch.branchId === MAIN_BRANCH ? null : branch.parentBranchId;
  const fromTurn = branch.branchId === MAIN_BRANCH ? null : branch.fromTurn;
  yield* db.setBranchOrigin(ctx.sessionId, branch.branchId, parent, fromTurn, branch.createdAt ?? null);
  const stored = yield* branchRows(ctx, row.laneId);
  for (let i = 0; i < stored.length; i++) {
    const createdAt = branch.items[i]?.createdAt;
    if (createdAt !== undefined && createdAt !== stored[i]!.createdAt) yield* db.setItemTime(ctx.sessionId, stored[i]!.id, createdAt);
  }
}

/**
 * Appends archived items to the context's branch, parsed and re-serialised as
 * `addItems` stores them, starting the replay history where a compaction
 * started it; `first` numbers them in errors.
 */
function* appendArchivedItems(ctx: BranchContext, items: ArchivedItem[], first: number): AdvancedPlan<void> {
  let i = 0;
  while (i < items.length) {
    if (items[i]!.replayStart) yield* startReplay(ctx);
    const replayOnly = items[i]!.replayOnly === true;
    let end = i + 1;
    while (end < items.length && !items[end]!.replayStart && (items[end]!.replayOnly === true) === replayOnly) end++;
    const parsed = items.slice(i, end).map((item, j) => parseStoredItem(ctx.sessionId, item.data, first + i + j));
    const clear = serializeItems(ctx.handle, parsed);
    const rows = ctx.rows ? ctx.rows.sealAll(clear) : clear;
    if (replayOnly) yield* appendReplayRows(ctx, rows);
    else yield* appendItems(ctx, rows, parsed);
    i = end;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** The same item whatever its key order (stores that keep JSON as jsonb reorder keys). */
function canonical(ctx: BranchContext, items: ArchivedItem[], index: number): string {
  return JSON.stringify(sortKeys(parseStoredItem(ctx.sessionId, items[index]!.data, index)));
}

/** Parents before children, so each branch is created from a branch that already exists. */
function creationOrder(branches: BranchInput[]): BranchInput[] {
  const ids = new Set(branches.map((b) => b.branchId));
  const placed = new Set([MAIN_BRANCH]);
  const ordered: BranchInput[] = [];
  let pending = [...branches];
  while (pending.length > 0) {
    const ready = pending.filter((b) => b.parentBranchId === null || !ids.has(b.parentBranchId) || placed.has(b.parentBranchId));
    // A cycle cannot come from a real store; break it by taking the rest as children of main.
    const next = ready.length > 0 ? ready : pending;
    for (const b of next) {
      ordered.push(b);
      placed.add(b.branchId);
    }
    pending = pending.filter((b) => !placed.has(b.branchId));
  }
  return ordered;
}

/**
 * Recreates a branch so it shares its parent's history the way the store
 * shares it (nothing copied): fork at the last turn boundary the two
 * histories have in common, then append the branch's own items.
 */
function* recreateBranch(main: BranchContext, branch: BranchInput, histories: Map<string, ArchivedItem[]>): AdvancedPlan<void> {
  const parentId = branch.parentBranchId !== null && histories.has(branch.parentBranchId) ? branch.parentBranchId : MAIN_BRANCH;
  const parent = histories.get(parentId)!;
  const onParent = onBranch(main, parentId);
  checkBranchName(onParent, branch.branchId);
  let common = 0;
  while (common < parent.length && common < branch.items.length && canonical(main, parent, common) === canonical(main, branch.items, common)) common++;
  let prefix: number;
  if (common === parent.length) {
    yield* createBranch(onParent, branch.branchId);
    prefix = parent.length;
  } else {
    // createBranchFromTurn(n) keeps everything before turn n's user message.
    let turn = 0;
    let best: { turn: number; index: number } | undefined;
    for (let i = 0; i < parent.length && i <= common; i++) {
      if (!parent[i]!.replayOnly && itemKind(JSON.parse(parent[i]!.data)) === 'user') {
        turn++;
        best = { turn, index: i };
      }
    }
    if (!best) {
      throw new SessionError('STORAGE_ERROR', `branch ${JSON.stringify(branch.branchId)} shares no turn boundary with ${JSON.stringify(parentId)}; it cannot be recreated`, {
        sessionId: main.sessionId,
      });
    }
    yield* createBranchFromTurn(onParent, best.turn, branch.branchId);
    prefix = best.index;
  }
  yield* appendArchivedItems(onBranch(main, branch.branchId), branch.items.slice(prefix), prefix);
}

/** Writes `main`'s items, then every other branch from its parent. */
function* writeBranches(main: BranchContext, mainItems: ArchivedItem[], others: BranchInput[]): AdvancedPlan<void> {
  yield* appendArchivedItems(main, mainItems, 0);
  const histories = new Map<string, ArchivedItem[]>([[MAIN_BRANCH, mainItems]]);
  for (const branch of creationOrder(others)) {
    yield* recreateBranch(main, branch, histories);
    histories.set(branch.branchId, branch.items);
  }
}
