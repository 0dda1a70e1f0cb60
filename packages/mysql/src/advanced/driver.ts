import {
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
  type TokenCounts,
  type TurnRangeItem,
  type TurnUsageRow,
  type UsageInsert,
  type UsageSum,
  type UsageSumOptions,
  usageSumRows,
  usageSumsQuery,
  sessionExpiredError,
} from '@sessions/core';
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { insertChunks, sql as plainSql, touchParams, touchRefused } from '../statements.js';
import {
  acrossSegmentsSql,
  advancedSql as q,
  DATA_COLUMNS,
  insertItemsSql,
  isoTime,
  limitClause,
  mysqlTime,
  segmentParams,
  STRUCTURE_COLUMNS,
  TIMED_COLUMNS,
} from './sql.js';

type Row = RowDataPacket & Record<string, unknown>;

const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

function branchRow(row: Row): BranchRow {
  return {
    branchId: String(row.branchId),
    laneId: num(row.laneId),
    parentBranchId: (row.parentBranchId as string | null) ?? null,
    fromTurn: numOrNull(row.fromTurn),
    createdAt: isoTime(String(row.createdAt)),
  };
}

function structureRow(row: Row): StructureRow {
  return {
    id: num(row.id),
    data: String(row.data),
    createdAt: isoTime(String(row.createdAt)),
    turn: num(row.turn),
    kind: String(row.kind),
    toolName: (row.toolName as string | null) ?? null,
  };
}

/** A row's summed or stored token counts as numbers (servers return sums as decimal strings). */
function tokenCounts(row: Row): TokenCounts {
  return {
    requests: num(row.requests),
    inputTokens: num(row.inputTokens),
    cachedInputTokens: num(row.cachedInputTokens),
    outputTokens: num(row.outputTokens),
    reasoningTokens: num(row.reasoningTokens),
    totalTokens: num(row.totalTokens),
  };
}

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

/** Item ids grow along a branch's history (a lane's items come after what it inherits), so id order is history order. */
function oldestFirst<T extends { id: number }>(rows: T[]): T[] {
  return rows.sort(byId);
}

/** The newest `limit` of rows read per segment, oldest first. */
function newestOf<T extends { id: number }>(rows: T[], limit: number): T[] {
  rows.sort((a, b) => b.id - a.id);
  if (rows.length > limit) rows.length = limit;
  return rows.reverse();
}

/**
 * The branch model's steps on one MySQL/MariaDB connection (inside the
 * transaction a plan runs in). Reads over a branch's segments are one
 * statement whatever the number of segments: per-segment index range reads
 * `UNION ALL`ed.
 */
export class MySQLAdvancedDriver implements AdvancedDriver {
  readonly #connection: PoolConnection;
  readonly #rememberChains: boolean;
  readonly #galera: boolean;

  /** `galera`: the connection is to a node of a Galera cluster (see `isGaleraPool`), which changes how a session is locked. */
  constructor(connection: PoolConnection, rememberChains: boolean, galera = false) {
    this.#connection = connection;
    this.#rememberChains = rememberChains;
    this.#galera = galera;
  }

  async #rows(sql: string, params: unknown[]): Promise<Row[]> {
    const [rows] = await this.#connection.query<Row[]>(sql, params);
    return rows;
  }

  async #first(sql: string, params: unknown[]): Promise<Row | undefined> {
    return (await this.#rows(sql, params))[0];
  }

  async #run(sql: string, params: unknown[]): Promise<{ affectedRows: number; insertId: number }> {
    const [result] = await this.#connection.query(sql, params);
    return result as unknown as { affectedRows: number; insertId: number };
  }

  /** See `rememberChains` in advanced-session.ts: InnoDB never hands an AUTO_INCREMENT lane id out twice on the servers we support. */
  canRememberChains(): boolean {
    return this.#rememberChains;
  }

  async sessionOfBranch(branchId: string): Promise<string | undefined> {
    return (await this.#first(q.branchOwner, [branchId]))?.sessionId as string | undefined;
  }
  async sessionExists(sessionId: string): Promise<boolean> {
    return (await this.#first(q.sessionExists, [sessionId])) !== undefined;
  }
  async touchSession(sessionId: string, owner: string | null, expiresAt: string | null = null): Promise<void> {
    if (touchRefused(await this.#run(plainSql.touchSession, touchParams(sessionId, owner, expiresAt)))) throw sessionExpiredError(sessionId);
  }
  /**
   * A row lock on one server. A Galera node does not pass read locks on to
   * the other nodes: two writers of one session on different nodes would
   * both hold the lock. There the session row is written (its `updated_at`
   * moves on), so the cluster sees the two transactions change one row and
   * refuses the later at COMMIT; the caller runs it again whole.
   */
  async lockSession(sessionId: string): Promise<void> {
    if (this.#galera) await this.#run(q.lockSessionByWrite, [sessionId]);
    else await this.#rows(q.lockSession, [sessionId]);
  }
  async deleteSession(sessionId: string): Promise<boolean> {
    return (await this.#run(q.deleteSession, [sessionId])).affectedRows > 0;
  }
  async sessionRow(sessionId: string): Promise<SessionRow | undefined> {
    const row = await this.#first(q.sessionRow, [sessionId]);
    return row && { owner: (row.owner as string | null) ?? null, createdAt: isoTime(String(row.createdAt)), updatedAt: isoTime(String(row.updatedAt)) };
  }
  async restoreSession(sessionId: string, row: SessionRow): Promise<void> {
    await this.#run(q.restoreSession, [row.owner, mysqlTime(row.createdAt), mysqlTime(row.updatedAt), sessionId]);
  }

  async branch(sessionId: string, branchId: string): Promise<BranchRow | undefined> {
    const row = await this.#first(q.branch, [sessionId, branchId, sessionId]);
    return row && branchRow(row);
  }
  async branches(sessionId: string): Promise<BranchRow[]> {
    return (await this.#rows(q.branches, [sessionId])).map(branchRow);
  }
  async countBranches(sessionId: string): Promise<number> {
    return num((await this.#first(q.countBranches, [sessionId]))?.n ?? 0);
  }
  async insertBranch(sessionId: string, branchId: string, laneId: number, parentBranchId: string | null, fromTurn: number | null): Promise<void> {
    await this.#run(q.insertBranch, [sessionId, branchId, laneId, parentBranchId, fromTurn]);
  }
  async setBranchLane(sessionId: string, branchId: string, laneId: number): Promise<void> {
    await this.#run(q.setBranchLane, [laneId, sessionId, branchId]);
  }
  async setBranchOrigin(sessionId: string, branchId: string, parentBranchId: string | null, fromTurn: number | null, createdAt: string | null): Promise<void> {
    await this.#run(q.setBranchOrigin, [parentBranchId, fromTurn, createdAt === null ? null : mysqlTime(createdAt), sessionId, branchId]);
  }
  async deleteBranch(sessionId: string, branchId: string): Promise<void> {
    await this.#run(q.deleteBranch, [sessionId, branchId]);
  }

  async chain(sessionId: string, laneId: number): Promise<ChainRow[]> {
    return (await this.#rows(q.chain, [sessionId, laneId])).map((row) => ({
      laneId: num(row.laneId),
      parentBound: numOrNull(row.parentBound),
      depth: num(row.depth),
      replayStart: Number(row.replayStart) === 1,
    }));
  }
  async insertLane(sessionId: string, parentLaneId: number | null, parentBound: number | null, replayStart = false): Promise<number> {
    return num((await this.#run(q.insertLane, [sessionId, parentLaneId, parentBound, replayStart ? 1 : 0])).insertId);
  }
  async laneParent(_sessionId: string, laneId: number): Promise<number | null> {
    return numOrNull((await this.#first(q.laneParent, [laneId]))?.parent);
  }
  async laneInherited(_sessionId: string, laneId: number, messageId: number): Promise<boolean> {
    return (await this.#first(q.laneInherited, [laneId, messageId])) !== undefined;
  }
  async laneChildBound(_sessionId: string, laneId: number): Promise<number | null> {
    return numOrNull((await this.#first(q.laneChildBound, [laneId]))?.bound);
  }
  async laneHasChildren(_sessionId: string, laneId: number): Promise<boolean> {
    return (await this.#first(q.laneHasChildren, [laneId])) !== undefined;
  }
  async laneHasHead(_sessionId: string, laneId: number): Promise<boolean> {
    return (await this.#first(q.laneHasHead, [laneId])) !== undefined;
  }
  async deleteLane(_sessionId: string, laneId: number): Promise<void> {
    await this.#run(q.deleteLane, [laneId]);
  }
  async deleteLaneMessagesAbove(_sessionId: string, laneId: number, bound: number): Promise<void> {
    await this.#run(q.deleteLaneMessagesAbove, [laneId, bound]);
  }

  /** Multi-row INSERTs, bounded in rows and bytes like the plain session's. */
  async insertMessages(sessionId: string, laneId: number, messages: NewMessage[]): Promise<void> {
    let next = 0;
    for (const chunk of insertChunks(messages.map((m) => m.data + m.searchText))) {
      const values: unknown[] = [];
      for (let i = 0; i < chunk.length; i++) {
        const m = messages[next++]!;
        values.push(sessionId, m.data, laneId, m.turn, m.kind, m.toolName, m.searchText);
      }
      await this.#run(insertItemsSql(chunk.length), values);
    }
  }
  async deleteMessage(_sessionId: string, messageId: number): Promise<void> {
    await this.#run(q.deleteMessage, [messageId]);
  }
  async updateMessage(_sessionId: string, messageId: number, message: NewMessage): Promise<void> {
    await this.#run(q.updateMessage, [message.data, message.turn, message.kind, message.toolName, message.searchText, messageId]);
  }
  async operationFingerprint(sessionId: string, operationId: string): Promise<string | undefined> {
    const row = await this.#first(q.operationFingerprint, [sessionId, operationId]);
    return row === undefined ? undefined : String(row.fingerprint);
  }
  async recordOperation(sessionId: string, operationId: string, fingerprint: string): Promise<void> {
    await this.#run(q.recordOperation, [sessionId, operationId, fingerprint]);
  }
  async deleteOperations(sessionId: string): Promise<void> {
    await this.#run(q.deleteOperations, [sessionId]);
  }
  async messageById(_sessionId: string, messageId: number): Promise<ItemRow | undefined> {
    const row = await this.#first(q.messageById, [messageId]);
    return row && { id: num(row.id), data: String(row.data) };
  }
  async newest(_sessionId: string, segments: Segment[]): Promise<NewestRow | undefined> {
    if (segments.length === 0) return undefined;
    const sql = acrossSegmentsSql(segments.length, 'id, turn, lane_id AS laneId', 'ORDER BY id DESC LIMIT 1');
    let best: NewestRow | undefined;
    for (const row of await this.#rows(sql, segmentParams(segments))) {
      if (!best || num(row.id) > best.id) best = { id: num(row.id), turn: num(row.turn), laneId: num(row.laneId) };
    }
    return best;
  }
  async itemTexts(sessionId: string, segments: Segment[], limit: number | undefined): Promise<string[]> {
    return (await this.itemRows(sessionId, segments, limit)).map((row) => row.data);
  }
  async itemRows(_sessionId: string, segments: Segment[], limit: number | undefined): Promise<ItemRow[]> {
    if (segments.length === 0) return [];
    const tail = limit === undefined ? '' : `ORDER BY id DESC ${limitClause(limit)}`;
    const rows = (await this.#rows(acrossSegmentsSql(segments.length, DATA_COLUMNS, tail), segmentParams(segments))).map((row) => ({
      id: num(row.id),
      data: String(row.data),
    }));
    return limit === undefined ? oldestFirst(rows) : newestOf(rows, limit);
  }
  async timedRows(_sessionId: string, segments: Segment[]): Promise<TimedItemRow[]> {
    if (segments.length === 0) return [];
    const rows = await this.#rows(acrossSegmentsSql(segments.length, TIMED_COLUMNS), segmentParams(segments));
    return oldestFirst(rows.map((row) => ({ id: num(row.id), data: String(row.data), createdAt: isoTime(String(row.createdAt)) })));
  }
  async setItemTime(_sessionId: string, messageId: number, createdAt: string): Promise<void> {
    await this.#run(q.setItemTime, [mysqlTime(createdAt), messageId]);
  }
  async countMessages(_sessionId: string, segments: Segment[]): Promise<number> {
    if (segments.length === 0) return 0;
    const rows = await this.#rows(acrossSegmentsSql(segments.length, 'COUNT(*) AS n'), segmentParams(segments));
    return rows.reduce((sum, row) => sum + num(row.n), 0);
  }
  async structure(_sessionId: string, segments: Segment[], userOnly: boolean): Promise<StructureRow[]> {
    if (segments.length === 0) return [];
    const sql = acrossSegmentsSql(segments.length, STRUCTURE_COLUMNS, userOnly ? `AND kind = 'user'` : '');
    return oldestFirst((await this.#rows(sql, segmentParams(segments))).map(structureRow));
  }
  async turnOpener(_sessionId: string, segments: Segment[], turn: number): Promise<StructureRow | undefined> {
    if (segments.length === 0) return undefined;
    // Each read is a range on (lane_id, turn, id); a turn has one opening user item per history.
    const one = acrossSegmentsSql(1, STRUCTURE_COLUMNS, `AND turn = ? AND kind = 'user' ORDER BY id LIMIT 1`, 'turn');
    const sql = Array.from({ length: segments.length }, () => one).join(' UNION ALL ');
    const params: unknown[] = [];
    for (const segment of segments) params.push(segment.laneId, segment.bound, turn);
    return oldestFirst((await this.#rows(sql, params)).map(structureRow))[0];
  }
  async turnRange(_sessionId: string, segments: Segment[], fromTurn: number, toTurn: number): Promise<TurnRangeItem[]> {
    if (segments.length === 0) return [];
    // Each read is a range on (lane_id, turn, id): the cost follows the turns asked for.
    const one = acrossSegmentsSql(1, TIMED_COLUMNS + ', turn', "AND turn BETWEEN ? AND ? AND kind <> 'replay'", 'turn');
    const sql = Array.from({ length: segments.length }, () => one).join(' UNION ALL ');
    const params: unknown[] = [];
    for (const segment of segments) params.push(segment.laneId, segment.bound, fromTurn, toTurn);
    const rows = oldestFirst((await this.#rows(sql, params)).map((row) => ({ id: num(row.id), turn: num(row.turn), data: String(row.data), createdAt: isoTime(String(row.createdAt)) })));
    return rows.map(({ turn, data, createdAt }) => ({ turn, data, createdAt }));
  }
  async matchingTurns(_sessionId: string, segments: Segment[], needle: string): Promise<number[]> {
    if (segments.length === 0) return [];
    const one = acrossSegmentsSql(1, 'DISTINCT turn', 'AND turn > 0 AND LOCATE(?, search_text) > 0');
    const sql = Array.from({ length: segments.length }, () => one).join(' UNION ALL ');
    const params: unknown[] = [];
    for (const segment of segments) params.push(segment.laneId, segment.bound, needle);
    return [...new Set((await this.#rows(sql, params)).map((row) => num(row.turn)))];
  }

  async insertUsage(row: UsageInsert): Promise<void> {
    await this.#run(q.insertUsage, [
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
      row.createdAt === null ? null : mysqlTime(row.createdAt),
    ]);
  }
  async deleteBranchUsage(sessionId: string, branchId: string): Promise<void> {
    await this.#run(q.deleteBranchUsage, [sessionId, branchId]);
    await this.#run(q.deleteBranchResponses, [sessionId, branchId]);
  }
  async claimResponses(sessionId: string, branchId: string, keys: string[]): Promise<string[]> {
    const claimed: string[] = [];
    for (const key of keys) if ((await this.#run(q.claimResponse, [sessionId, branchId, key])).affectedRows > 0) claimed.push(key);
    return claimed;
  }
  async usageTotals(sessionId: string, branchId: string | null): Promise<SessionUsage> {
    const row = (await this.#first(q.usageTotals, [sessionId, branchId, branchId]))!;
    return {
      runs: num(row.runs),
      ...tokenCounts(row),
      totalTurns: num(row.totalTurns),
    };
  }
  async turnUsage(sessionId: string, branchId: string, turn: number | null): Promise<TurnUsageRow[]> {
    const turns = new Map<number, TurnUsageRow & { runIds: Set<string> }>();
    for (const row of await this.#rows(q.turnUsageRows, [sessionId, branchId, turn, turn])) {
      const n = num(row.turn);
      let sum = turns.get(n);
      if (!sum) {
        sum = {
          branchId,
          turn: n,
          runs: 0,
          requests: 0,
          inputTokens: 0,
          cachedInputTokens: 0,
          outputTokens: 0,
          reasoningTokens: 0,
          totalTokens: 0,
          inputTokensDetails: [],
          outputTokensDetails: [],
          runIds: new Set(),
        };
        turns.set(n, sum);
      }
      sum.runIds.add(String(row.runId));
      sum.requests += num(row.requests);
      sum.inputTokens += num(row.inputTokens);
      sum.cachedInputTokens += num(row.cachedInputTokens);
      sum.outputTokens += num(row.outputTokens);
      sum.reasoningTokens += num(row.reasoningTokens);
      sum.totalTokens += num(row.totalTokens);
      sum.inputTokensDetails.push(String(row.inputTokensDetails));
      sum.outputTokensDetails.push(String(row.outputTokensDetails));
    }
    return [...turns.values()].map(({ runIds, ...sum }) => ({ ...sum, runs: runIds.size }));
  }
  async runModelUsage(sessionId: string, branchId: string | null): Promise<RunModelRow[]> {
    return (await this.#rows(q.runModelUsage, [sessionId, branchId, branchId])).map((row) => ({
      runId: String(row.runId),
      model: (row.model as string | null) ?? null,
      requests: num(row.requests),
      inputTokens: num(row.inputTokens),
      cachedInputTokens: num(row.cachedInputTokens),
      outputTokens: num(row.outputTokens),
      totalTokens: num(row.totalTokens),
    }));
  }
  async usageSums(options: UsageSumOptions): Promise<UsageSum[]> {
    const { text, values } = usageSumsQuery(options, () => '?');
    return usageSumRows(options, await this.#rows(text, values));
  }
  async usageRows(sessionId: string): Promise<ArchivedUsage[]> {
    return (await this.#rows(q.usageRows, [sessionId])).map((row) => ({
      branchId: String(row.branchId),
      turn: num(row.turn),
      runId: String(row.runId),
      model: (row.model as string | null) ?? null,
      ...tokenCounts(row),
      inputTokensDetails: String(row.inputTokensDetails),
      outputTokensDetails: String(row.outputTokensDetails),
      createdAt: isoTime(String(row.createdAt)),
    }));
  }

  async getMetadata(sessionId: string): Promise<string | undefined> {
    return (await this.#first(q.getMetadata, [sessionId]))?.metadata as string | undefined;
  }
  async setMetadata(sessionId: string, metadata: string): Promise<void> {
    await this.#run(q.setMetadata, [sessionId, metadata, metadata]);
  }

  /** Items a plain `MySQLSession` wrote to the session (no lane), oldest first. */
  async plainRows(sessionId: string): Promise<TimedItemRow[]> {
    return (await this.#rows(q.plainRows, [sessionId])).map((row) => ({ id: num(row.id), data: String(row.data), createdAt: isoTime(String(row.createdAt)) }));
  }
}
