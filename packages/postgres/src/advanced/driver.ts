import {
  SessionError,
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
  sessionExpiredError,
} from '@sessions/core';
import type pg from 'pg';
import { pgText, query, type NamedStatement } from './sql.js';
import { statements as s } from './statements.js';

const UNIQUE_VIOLATION = '23505';

function lanes(segments: Segment[]): [number[], number[]] {
  return [segments.map((seg) => seg.laneId), segments.map((seg) => seg.bound)];
}

/**
 * The branch model's steps on one pg client, inside the transaction the
 * session opened for the plan (see `transaction.ts`). Lane and message ids
 * come from identity columns: never handed out twice, so a lane chain read
 * once may be cached for good.
 */
export class PostgresAdvancedDriver implements AdvancedDriver {
  readonly #client: pg.ClientBase;

  constructor(client: pg.ClientBase) {
    this.#client = client;
  }

  async #rows<R extends pg.QueryResultRow>(statement: NamedStatement, values: unknown[]): Promise<R[]> {
    return (await query<R>(this.#client, statement, values)).rows;
  }

  async #first<R extends pg.QueryResultRow>(statement: NamedStatement, values: unknown[]): Promise<R | undefined> {
    return (await this.#rows<R>(statement, values))[0];
  }

  async #run(statement: NamedStatement, values: unknown[]): Promise<number> {
    return (await query(this.#client, statement, values)).rowCount ?? 0;
  }

  canRememberChains(): boolean {
    return true;
  }

  async sessionOfBranch(branchId: string): Promise<string | undefined> {
    return (await this.#first<{ session_id: string }>(s.sessionOfBranch, [branchId]))?.session_id;
  }
  async sessionExists(sessionId: string): Promise<boolean> {
    return (await this.#first(s.sessionExists, [sessionId])) !== undefined;
  }
  async touchSession(sessionId: string, owner: string | null, expiresAt: string | null = null): Promise<void> {
    if ((await this.#run(s.touchSession, [sessionId, owner, expiresAt])) === 0) throw sessionExpiredError(sessionId);
  }
  async lockSession(sessionId: string): Promise<void> {
    await this.#run(s.lockSession, [sessionId]);
  }
  async deleteSession(sessionId: string): Promise<boolean> {
    return (await this.#run(s.deleteSession, [sessionId])) > 0;
  }
  sessionRow(sessionId: string): Promise<SessionRow | undefined> {
    return this.#first<SessionRow>(s.sessionRow, [sessionId]);
  }
  async restoreSession(sessionId: string, row: SessionRow): Promise<void> {
    await this.#run(s.restoreSession, [sessionId, row.owner, row.createdAt, row.updatedAt]);
  }

  branch(sessionId: string, branchId: string): Promise<BranchRow | undefined> {
    return this.#first<BranchRow>(s.branch, [sessionId, branchId]);
  }
  branches(sessionId: string): Promise<BranchRow[]> {
    return this.#rows<BranchRow>(s.branches, [sessionId]);
  }
  async countBranches(sessionId: string): Promise<number> {
    return (await this.#first<{ n: number }>(s.countBranches, [sessionId]))!.n;
  }
  async insertBranch(sessionId: string, branchId: string, laneId: number, parentBranchId: string | null, fromTurn: number | null): Promise<void> {
    try {
      await this.#run(s.insertBranch, [sessionId, branchId, laneId, parentBranchId, fromTurn]);
    } catch (error) {
      // Another session took the name since it was checked: its transaction committed first.
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) {
        throw new SessionError('CONFLICT', `the name ${JSON.stringify(branchId)} is already used by a branch or a session in this database`, {
          sessionId,
          cause: error,
        });
      }
      throw error;
    }
  }
  async setBranchLane(sessionId: string, branchId: string, laneId: number): Promise<void> {
    await this.#run(s.setBranchLane, [sessionId, branchId, laneId]);
  }
  async setBranchOrigin(sessionId: string, branchId: string, parentBranchId: string | null, fromTurn: number | null, createdAt: string | null): Promise<void> {
    await this.#run(s.setBranchOrigin, [sessionId, branchId, parentBranchId, fromTurn, createdAt]);
  }
  async deleteBranch(sessionId: string, branchId: string): Promise<void> {
    await this.#run(s.deleteBranch, [sessionId, branchId]);
  }

  chain(sessionId: string, laneId: number): Promise<ChainRow[]> {
    return this.#rows<ChainRow>(s.chain, [sessionId, laneId]);
  }
  async insertLane(sessionId: string, parentLaneId: number | null, parentBound: number | null, replayStart = false): Promise<number> {
    return (await this.#first<{ laneId: number }>(s.insertLane, [sessionId, parentLaneId, parentBound, replayStart]))!.laneId;
  }
  async laneParent(sessionId: string, laneId: number): Promise<number | null> {
    return (await this.#first<{ parentLaneId: number | null }>(s.laneParent, [sessionId, laneId]))?.parentLaneId ?? null;
  }
  async laneInherited(sessionId: string, laneId: number, messageId: number): Promise<boolean> {
    return (await this.#first(s.laneInherited, [sessionId, laneId, messageId])) !== undefined;
  }
  async laneChildBound(sessionId: string, laneId: number): Promise<number | null> {
    return (await this.#first<{ bound: number | null }>(s.laneChildBound, [sessionId, laneId]))?.bound ?? null;
  }
  async laneHasChildren(sessionId: string, laneId: number): Promise<boolean> {
    return (await this.#first(s.laneHasChildren, [sessionId, laneId])) !== undefined;
  }
  async laneHasHead(sessionId: string, laneId: number): Promise<boolean> {
    return (await this.#first(s.laneHasHead, [sessionId, laneId])) !== undefined;
  }
  async deleteLane(sessionId: string, laneId: number): Promise<void> {
    await this.#run(s.deleteLane, [sessionId, laneId]);
  }
  async deleteLaneMessagesAbove(sessionId: string, laneId: number, bound: number): Promise<void> {
    await this.#run(s.deleteLaneMessagesAbove, [sessionId, laneId, bound]);
  }

  async insertMessages(sessionId: string, laneId: number, messages: NewMessage[]): Promise<void> {
    await this.#run(s.insertMessages, [
      sessionId,
      laneId,
      messages.map((m) => m.data),
      messages.map((m) => m.turn),
      messages.map((m) => pgText(m.kind)),
      messages.map((m) => pgText(m.toolName)),
      messages.map((m) => pgText(m.searchText)),
    ]);
  }
  async deleteMessage(sessionId: string, messageId: number): Promise<void> {
    await this.#run(s.deleteMessage, [sessionId, messageId]);
  }
  async updateMessage(sessionId: string, messageId: number, message: NewMessage): Promise<void> {
    await this.#run(s.updateMessage, [sessionId, messageId, message.data, message.turn, pgText(message.kind), pgText(message.toolName), pgText(message.searchText)]);
  }
  messageById(sessionId: string, messageId: number): Promise<ItemRow | undefined> {
    return this.#first<ItemRow>(s.messageById, [sessionId, messageId]);
  }
  newest(sessionId: string, segments: Segment[]): Promise<NewestRow | undefined> {
    return this.#first<NewestRow>(s.newest, [sessionId, ...lanes(segments)]);
  }
  async itemTexts(sessionId: string, segments: Segment[], limit: number | undefined): Promise<string[]> {
    return (await this.itemRows(sessionId, segments, limit)).map((row) => row.data);
  }
  itemRows(sessionId: string, segments: Segment[], limit: number | undefined): Promise<ItemRow[]> {
    return this.#rows<ItemRow>(s.itemRows, [sessionId, ...lanes(segments), limit ?? null]);
  }
  timedRows(sessionId: string, segments: Segment[]): Promise<TimedItemRow[]> {
    return this.#rows<TimedItemRow>(s.timedRows, [sessionId, ...lanes(segments), null]);
  }
  async setItemTime(sessionId: string, messageId: number, createdAt: string): Promise<void> {
    await this.#run(s.setItemTime, [sessionId, messageId, createdAt]);
  }
  async countMessages(sessionId: string, segments: Segment[]): Promise<number> {
    return (await this.#first<{ n: number }>(s.countMessages, [sessionId, ...lanes(segments)]))!.n;
  }
  structure(sessionId: string, segments: Segment[], userOnly: boolean): Promise<StructureRow[]> {
    return this.#rows<StructureRow>(s.structure, [sessionId, ...lanes(segments), userOnly]);
  }
  turnOpener(sessionId: string, segments: Segment[], turn: number): Promise<StructureRow | undefined> {
    return this.#first<StructureRow>(s.turnOpener, [sessionId, ...lanes(segments), turn]);
  }
  turnRange(sessionId: string, segments: Segment[], fromTurn: number, toTurn: number): Promise<TurnRangeItem[]> {
    return this.#rows<TurnRangeItem>(s.turnRange, [sessionId, ...lanes(segments), fromTurn, toTurn]);
  }
  async usageSums(options: UsageSumOptions): Promise<UsageSum[]> {
    const { text, values } = usageSumsQuery(options, (n) => `$${n}`);
    return usageSumRows(options, (await this.#client.query(text, values)).rows);
  }
  async matchingTurns(sessionId: string, segments: Segment[], needle: string): Promise<number[]> {
    return (await this.#rows<{ turn: number }>(s.matchingTurns, [sessionId, ...lanes(segments), pgText(needle)])).map((row) => row.turn);
  }

  async operationFingerprint(sessionId: string, operationId: string): Promise<string | undefined> {
    return (await this.#first<{ fingerprint: string }>(s.operationFingerprint, [sessionId, operationId]))?.fingerprint;
  }
  async recordOperation(sessionId: string, operationId: string, fingerprint: string): Promise<void> {
    await this.#run(s.recordOperation, [sessionId, operationId, fingerprint]);
  }
  async deleteOperations(sessionId: string): Promise<void> {
    await this.#run(s.deleteOperations, [sessionId]);
  }

  async insertUsage(row: UsageInsert): Promise<void> {
    await this.#run(s.insertUsage, [
      row.sessionId,
      row.branchId,
      row.turn,
      row.runId,
      row.model,
      row.requests,
      row.inputTokens,
      row.cachedInputTokens,
      row.outputTokens,
      row.reasoningTokens,
      row.totalTokens,
      row.inputTokensDetails,
      row.outputTokensDetails,
      row.createdAt,
    ]);
  }
  async deleteBranchUsage(sessionId: string, branchId: string): Promise<void> {
    await this.#run(s.deleteBranchUsage, [sessionId, branchId]);
  }
  async claimResponses(sessionId: string, branchId: string, keys: string[]): Promise<string[]> {
    return (await this.#rows<{ key: string }>(s.claimResponses, [sessionId, branchId, keys])).map((row) => row.key);
  }
  async usageTotals(sessionId: string, branchId: string | null): Promise<SessionUsage> {
    return (await this.#first<SessionUsage>(s.usageTotals, [sessionId, branchId]))!;
  }
  turnUsage(sessionId: string, branchId: string, turn: number | null): Promise<TurnUsageRow[]> {
    return this.#rows<TurnUsageRow>(s.turnUsage, [sessionId, branchId, turn]);
  }
  runModelUsage(sessionId: string, branchId: string | null): Promise<RunModelRow[]> {
    return this.#rows<RunModelRow>(s.runModelUsage, [sessionId, branchId]);
  }
  usageRows(sessionId: string): Promise<ArchivedUsage[]> {
    return this.#rows<ArchivedUsage>(s.usageRows, [sessionId]);
  }

  async getMetadata(sessionId: string): Promise<string | undefined> {
    return (await this.#first<{ metadata: string }>(s.getMetadata, [sessionId]))?.metadata;
  }
  async setMetadata(sessionId: string, metadata: string): Promise<void> {
    await this.#run(s.setMetadata, [sessionId, metadata]);
  }
}
