import {
  sessionExpiredError,
  acrossSegments,
  latestRows,
  type AdvancedDriver,
  type ArchivedUsage,
  type BranchRow,
  type ChainRow,
  type ItemRow,
  type NewestRow,
  type NewMessage,
  type RunModelRow,
  type Segment,
  type SessionRow,
  type SessionUsage,
  type StructureRow,
  type TimedItemRow,
  type TurnUsageRow,
  type UsageInsert,
  type TurnRangeItem,
  type UsageSum,
  type UsageSumOptions,
  usageSumsQuery,
  usageSumRows,
} from '@sessions/core';
import type { SqliteDatabase } from '@sessions/sqlite';
import type { AdvancedStatements } from './statements.js';

/**
 * The branch model's steps on better-sqlite3, synchronous: plans run to the
 * end inside one SQLite transaction. SQLite lane and message ids are unique
 * per file, so the session id the steps carry is not needed to find a row.
 * Segment reads run one index range read per segment.
 */
export class SqliteAdvancedDriver implements AdvancedDriver {
  readonly #db: SqliteDatabase;
  readonly #s: AdvancedStatements;

  constructor(db: SqliteDatabase, statements: AdvancedStatements) {
    this.#db = db;
    this.#s = statements;
  }

  // A lane made in a transaction that rolls back gives its AUTOINCREMENT id back.
  canRememberChains(): boolean {
    return !this.#db.inTransaction;
  }

  sessionOfBranch(branchId: string): string | undefined {
    return this.#s.branchOwner.get(branchId);
  }
  sessionExists(sessionId: string): boolean {
    return this.#s.sessionExists.get(sessionId) !== undefined;
  }
  touchSession(sessionId: string, owner: string | null, expiresAt: string | null = null): void {
    if (this.#s.touchSession.run(sessionId, owner, expiresAt).changes === 0) throw sessionExpiredError(sessionId);
  }
  // Write transactions are IMMEDIATE: they already exclude each other.
  lockSession(): void {}
  deleteSession(sessionId: string): boolean {
    return this.#s.deleteSession.run(sessionId).changes > 0;
  }
  sessionRow(sessionId: string): SessionRow | undefined {
    return this.#s.sessionRow.get(sessionId);
  }
  restoreSession(sessionId: string, row: SessionRow): void {
    this.#s.restoreSession.run(row.owner, row.createdAt, row.updatedAt, sessionId);
  }

  branch(sessionId: string, branchId: string): BranchRow | undefined {
    return this.#s.branch.get(sessionId, branchId, sessionId);
  }
  branches(sessionId: string): BranchRow[] {
    return this.#s.branches.all(sessionId);
  }
  countBranches(sessionId: string): number {
    return this.#s.countBranches.get(sessionId) ?? 0;
  }
  insertBranch(sessionId: string, branchId: string, laneId: number, parentBranchId: string | null, fromTurn: number | null): void {
    this.#s.insertBranch.run(sessionId, branchId, laneId, parentBranchId, fromTurn);
  }
  setBranchLane(sessionId: string, branchId: string, laneId: number): void {
    this.#s.setBranchLane.run(laneId, sessionId, branchId);
  }
  setBranchOrigin(sessionId: string, branchId: string, parentBranchId: string | null, fromTurn: number | null, createdAt: string | null): void {
    this.#s.setBranchOrigin.run(parentBranchId, fromTurn, createdAt, sessionId, branchId);
  }
  deleteBranch(sessionId: string, branchId: string): void {
    this.#s.deleteBranch.run(sessionId, branchId);
  }

  chain(_sessionId: string, laneId: number): ChainRow[] {
    return this.#s.chain.all(laneId);
  }
  insertLane(sessionId: string, parentLaneId: number | null, parentBound: number | null, replayStart = false): number {
    return Number(this.#s.insertLane.run(sessionId, parentLaneId, parentBound, replayStart ? 1 : 0).lastInsertRowid);
  }
  laneParent(_sessionId: string, laneId: number): number | null {
    return this.#s.laneParent.get(laneId) ?? null;
  }
  laneInherited(_sessionId: string, laneId: number, messageId: number): boolean {
    return this.#s.laneSharedFrom.get(laneId, messageId) !== undefined;
  }
  laneChildBound(_sessionId: string, laneId: number): number | null {
    return this.#s.laneChildBound.get(laneId) ?? null;
  }
  laneHasChildren(_sessionId: string, laneId: number): boolean {
    return this.#s.laneHasChildren.get(laneId) !== undefined;
  }
  laneHasHead(_sessionId: string, laneId: number): boolean {
    return this.#s.laneHasHead.get(laneId) !== undefined;
  }
  deleteLane(_sessionId: string, laneId: number): void {
    this.#s.deleteLane.run(laneId);
  }
  deleteLaneMessagesAbove(_sessionId: string, laneId: number, bound: number): void {
    this.#s.deleteLaneMessagesAbove.run(laneId, bound);
  }

  insertMessages(sessionId: string, laneId: number, messages: NewMessage[]): void {
    const s = this.#s;
    for (const message of messages) {
      const id = s.insertMessage.run(sessionId, message.data).lastInsertRowid;
      s.insertStructure.run(id, laneId, message.turn, message.kind, message.toolName, message.searchText);
    }
  }
  deleteMessage(_sessionId: string, messageId: number): void {
    this.#s.deleteMessage.run(messageId);
  }
  updateMessage(_sessionId: string, messageId: number, message: NewMessage): void {
    this.#s.updateMessageData.run(message.data, messageId);
    this.#s.updateStructure.run(message.turn, message.kind, message.toolName, message.searchText, messageId);
  }
  messageById(_sessionId: string, messageId: number): ItemRow | undefined {
    return this.#s.messageById.get(messageId);
  }
  newest(_sessionId: string, segments: Segment[]): NewestRow | undefined {
    for (const segment of segments) {
      const row = this.#s.newestInLane.get(segment.laneId, segment.bound);
      if (row) return { ...row, laneId: segment.laneId };
    }
    return undefined;
  }
  itemTexts(_sessionId: string, segments: Segment[], limit: number | undefined): string[] {
    const s = this.#s;
    return limit === undefined
      ? acrossSegments(segments, (seg) => s.allDataInLane.all(seg.laneId, seg.bound))
      : latestRows(segments, limit, (seg, n) => s.latestDataInLane.all(seg.laneId, seg.bound, n));
  }
  itemRows(_sessionId: string, segments: Segment[], limit: number | undefined): ItemRow[] {
    const s = this.#s;
    return limit === undefined
      ? acrossSegments(segments, (seg) => s.allInLane.all(seg.laneId, seg.bound))
      : latestRows(segments, limit, (seg, n) => s.latestInLane.all(seg.laneId, seg.bound, n));
  }
  timedRows(_sessionId: string, segments: Segment[]): TimedItemRow[] {
    return acrossSegments(segments, (seg) => this.#s.timedInLane.all(seg.laneId, seg.bound));
  }
  setItemTime(_sessionId: string, messageId: number, createdAt: string): void {
    this.#s.setItemTime.run(createdAt, messageId);
  }
  countMessages(_sessionId: string, segments: Segment[]): number {
    let count = 0;
    for (const seg of segments) count += this.#s.countInLane.get(seg.laneId, seg.bound) ?? 0;
    return count;
  }
  structure(_sessionId: string, segments: Segment[], userOnly: boolean): StructureRow[] {
    const read = userOnly ? this.#s.userTurnsInLane : this.#s.structureInLane;
    return acrossSegments(segments, (seg) => read.all(seg.laneId, seg.bound));
  }
  turnOpener(_sessionId: string, segments: Segment[], turn: number): StructureRow | undefined {
    for (const segment of segments) {
      const row = this.#s.turnOpener.get(segment.laneId, segment.bound, turn);
      if (row) return row;
    }
    return undefined;
  }
  turnRange(_sessionId: string, segments: Segment[], fromTurn: number, toTurn: number): TurnRangeItem[] {
    return acrossSegments(segments, (seg) => this.#s.turnRangeInLane.all(seg.laneId, seg.bound, fromTurn, toTurn));
  }
  matchingTurns(_sessionId: string, segments: Segment[], needle: string): number[] {
    return acrossSegments(segments, (seg) => this.#s.matchingTurnsInLane.all(seg.laneId, seg.bound, needle));
  }

  operationFingerprint(sessionId: string, operationId: string): string | undefined {
    return this.#s.operationFingerprint.get(sessionId, operationId);
  }
  recordOperation(sessionId: string, operationId: string, fingerprint: string): void {
    this.#s.recordOperation.run(sessionId, operationId, fingerprint);
  }

  deleteOperations(sessionId: string): void {
    this.#s.deleteOperations.run(sessionId);
  }

  insertUsage(row: UsageInsert): void {
    this.#s.insertUsage.run({ ...row });
  }
  deleteBranchUsage(sessionId: string, branchId: string): void {
    this.#s.deleteBranchUsage.run(sessionId, branchId);
    this.#s.deleteBranchResponses.run(sessionId, branchId);
  }
  claimResponses(sessionId: string, branchId: string, keys: string[]): string[] {
    return keys.filter((key) => this.#s.claimResponse.run(sessionId, branchId, key).changes > 0);
  }
  usageTotals(sessionId: string, branchId: string | null): SessionUsage {
    return this.#s.usageTotals.get({ session: sessionId, branch: branchId })!;
  }
  turnUsage(sessionId: string, branchId: string, turn: number | null): TurnUsageRow[] {
    return this.#s.turnUsage.all({ session: sessionId, branch: branchId, turn }).map((row) => ({
      ...row,
      inputTokensDetails: JSON.parse(row.inputTokensDetails) as string[],
      outputTokensDetails: JSON.parse(row.outputTokensDetails) as string[],
    }));
  }
  runModelUsage(sessionId: string, branchId: string | null): RunModelRow[] {
    return this.#s.runModelUsage.all({ session: sessionId, branch: branchId });
  }
  usageSums(options: UsageSumOptions): UsageSum[] {
    const { text, values } = usageSumsQuery(options, () => '?');
    return usageSumRows(options, this.#db.prepare(text).all(...values) as Record<string, unknown>[]);
  }
  usageRows(sessionId: string): ArchivedUsage[] {
    return this.#s.usageRows.all(sessionId);
  }

  /** Rows of a session written by `@sessions/sqlite` (no branch structure). */
  countSessionRows(sessionId: string): number {
    return this.#s.countSessionRows.get(sessionId) ?? 0;
  }

  getMetadata(sessionId: string): string | undefined {
    return this.#s.getMetadata.get(sessionId);
  }
  setMetadata(sessionId: string, metadata: string): void {
    this.#s.setMetadata.run(sessionId, metadata);
  }
}
