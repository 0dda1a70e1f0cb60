import type { ArchivedUsage, BranchRow, ChainRow, ItemRow, SessionRow, StructureRow, TimedItemRow, TurnRangeItem } from '@sessions/core';
import type { SqliteDatabase } from '@sessions/sqlite';
import type { Statement } from 'better-sqlite3';

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
const S = 'advanced_message_structure';
const STRUCTURE = `s.message_id AS id, s.turn AS turn, s.kind AS kind, s.tool_name AS toolName, m.message_data AS data, m.created_at AS createdAt`;
const SUMS = `COUNT(DISTINCT run_id) AS runs, COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(input_tokens), 0) AS inputTokens,
  COALESCE(SUM(cached_input_tokens), 0) AS cachedInputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens,
  COALESCE(SUM(reasoning_tokens), 0) AS reasoningTokens, COALESCE(SUM(total_tokens), 0) AS totalTokens`;
// `@branch IS NULL` selects every branch of the session.
const USAGE_WHERE = `WHERE session_id = @session AND (@branch IS NULL OR branch_id = @branch)`;

type Sums = { runs: number; requests: number; inputTokens: number; cachedInputTokens: number; outputTokens: number; reasoningTokens: number; totalTokens: number };

/**
 * Every fixed statement of the advanced SQLite store, prepared once per
 * connection. Per-lane reads bind (lane_id, inclusive upper bound on message ids).
 */
export function prepareAdvancedStatements(db: SqliteDatabase) {
  return {
    branchOwner: db.prepare(`SELECT session_id FROM advanced_branches WHERE branch_id = ? AND branch_id <> 'main'`).pluck() as Statement<[string], string>,
    sessionExists: db.prepare(`SELECT 1 FROM agent_sessions WHERE session_id = ?`).pluck() as Statement<[string], number>,
    // A session keeps the owner and expiry it was created with; an expired one is not touched (0 changes).
    touchSession: db.prepare(
      `INSERT INTO agent_sessions (session_id, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET updated_at = ${NOW}
       WHERE agent_sessions.expires_at IS NULL OR agent_sessions.expires_at > ${NOW}`,
    ) as Statement<[string, string | null, string | null]>,
    deleteSession: db.prepare(`DELETE FROM agent_sessions WHERE session_id = ?`) as Statement<[string]>,
    sessionRow: db.prepare(`SELECT owner, created_at AS createdAt, updated_at AS updatedAt FROM agent_sessions WHERE session_id = ?`) as Statement<
      [string],
      SessionRow
    >,
    restoreSession: db.prepare(`UPDATE agent_sessions SET owner = ?, created_at = ?, updated_at = ? WHERE session_id = ?`) as Statement<
      [string | null, string, string, string]
    >,
    branch: db.prepare(
      `SELECT branch_id AS branchId, lane_id AS laneId, parent_branch_id AS parentBranchId, from_turn AS fromTurn, created_at AS createdAt
       FROM advanced_branches WHERE session_id = ? AND branch_id = ?
       AND NOT EXISTS (SELECT 1 FROM agent_sessions WHERE session_id = ? AND expires_at <= ${NOW})`,
    ) as Statement<[string, string, string], BranchRow>,
    branches: db.prepare(
      `SELECT branch_id AS branchId, lane_id AS laneId, parent_branch_id AS parentBranchId, from_turn AS fromTurn, created_at AS createdAt
       FROM advanced_branches WHERE session_id = ? ORDER BY created_at, rowid`,
    ) as Statement<[string], BranchRow>,
    countBranches: db.prepare(`SELECT COUNT(*) FROM advanced_branches WHERE session_id = ?`).pluck() as Statement<[string], number>,
    insertBranch: db.prepare(
      `INSERT INTO advanced_branches (session_id, branch_id, lane_id, parent_branch_id, from_turn) VALUES (?, ?, ?, ?, ?)`,
    ) as Statement<[string, string, number, string | null, number | null]>,
    setBranchLane: db.prepare(`UPDATE advanced_branches SET lane_id = ? WHERE session_id = ? AND branch_id = ?`) as Statement<[number, string, string]>,
    setBranchOrigin: db.prepare(
      `UPDATE advanced_branches SET parent_branch_id = ?, from_turn = ?, created_at = COALESCE(?, created_at) WHERE session_id = ? AND branch_id = ?`,
    ) as Statement<[string | null, number | null, string | null, string, string]>,
    deleteBranch: db.prepare(`DELETE FROM advanced_branches WHERE session_id = ? AND branch_id = ?`) as Statement<[string, string]>,
    chain: db.prepare(
      `WITH RECURSIVE chain(lane_id, parent_lane_id, parent_bound, replay_start, depth) AS (
         SELECT lane_id, parent_lane_id, parent_bound, replay_start, 0 FROM advanced_lanes WHERE lane_id = ?
         UNION ALL
         SELECT l.lane_id, l.parent_lane_id, l.parent_bound, l.replay_start, c.depth + 1
         FROM advanced_lanes l JOIN chain c ON l.lane_id = c.parent_lane_id
       )
       SELECT lane_id AS laneId, parent_bound AS parentBound, replay_start AS replayStart, depth FROM chain`,
    ) as Statement<[number], ChainRow>,
    insertLane: db.prepare(`INSERT INTO advanced_lanes (session_id, parent_lane_id, parent_bound, replay_start) VALUES (?, ?, ?, ?)`) as Statement<
      [string, number | null, number | null, number]
    >,
    laneParent: db.prepare(`SELECT parent_lane_id FROM advanced_lanes WHERE lane_id = ?`).pluck() as Statement<[number], number | null>,
    laneSharedFrom: db.prepare(`SELECT 1 FROM advanced_lanes WHERE parent_lane_id = ? AND parent_bound >= ? LIMIT 1`).pluck() as Statement<
      [number, number],
      number
    >,
    laneChildBound: db.prepare(`SELECT MAX(parent_bound) FROM advanced_lanes WHERE parent_lane_id = ?`).pluck() as Statement<[number], number | null>,
    laneHasChildren: db.prepare(`SELECT 1 FROM advanced_lanes WHERE parent_lane_id = ? LIMIT 1`).pluck() as Statement<[number], number>,
    laneHasHead: db.prepare(`SELECT 1 FROM advanced_branches WHERE lane_id = ? LIMIT 1`).pluck() as Statement<[number], number>,
    deleteLane: db.prepare(`DELETE FROM advanced_lanes WHERE lane_id = ?`) as Statement<[number]>,
    deleteLaneMessagesAbove: db.prepare(
      `DELETE FROM agent_messages WHERE id IN (SELECT message_id FROM ${S} WHERE lane_id = ? AND message_id > ?)`,
    ) as Statement<[number, number]>,
    insertMessage: db.prepare(`INSERT INTO agent_messages (session_id, message_data) VALUES (?, ?)`) as Statement<[string, string]>,
    insertStructure: db.prepare(
      `INSERT INTO ${S} (message_id, lane_id, turn, kind, tool_name, search_text) VALUES (?, ?, ?, ?, ?, ?)`,
    ) as Statement<[number | bigint, number, number, string, string | null, string]>,
    updateMessageData: db.prepare(`UPDATE agent_messages SET message_data = ? WHERE id = ?`) as Statement<[string, number]>,
    updateStructure: db.prepare(`UPDATE ${S} SET turn = ?, kind = ?, tool_name = ?, search_text = ? WHERE message_id = ?`) as Statement<
      [number, string, string | null, string, number]
    >,
    operationFingerprint: db
      .prepare(`SELECT fingerprint FROM agent_session_operations WHERE session_id = ? AND operation_id = ?`)
      .pluck() as Statement<[string, string], string>,
    recordOperation: db.prepare(`INSERT INTO agent_session_operations (session_id, operation_id, fingerprint) VALUES (?, ?, ?)`) as Statement<
      [string, string, string]
    >,
    deleteOperations: db.prepare(`DELETE FROM agent_session_operations WHERE session_id = ?`) as Statement<[string]>,
    deleteMessage: db.prepare(`DELETE FROM agent_messages WHERE id = ?`) as Statement<[number]>,
    messageById: db.prepare(`SELECT id, message_data AS data FROM agent_messages WHERE id = ?`) as Statement<[number], ItemRow>,
    setItemTime: db.prepare(`UPDATE agent_messages SET created_at = ? WHERE id = ?`) as Statement<[string, number]>,
    newestInLane: db.prepare(
      `SELECT message_id AS id, turn FROM ${S} WHERE lane_id = ? AND message_id <= ? ORDER BY message_id DESC LIMIT 1`,
    ) as Statement<[number, number], { id: number; turn: number }>,
    latestInLane: db.prepare(
      `SELECT m.id AS id, m.message_data AS data FROM ${S} s JOIN agent_messages m ON m.id = s.message_id
       WHERE s.lane_id = ? AND s.message_id <= ? ORDER BY s.message_id DESC LIMIT ?`,
    ) as Statement<[number, number, number], ItemRow>,
    // The same reads returning only the JSON text: the hot path (no per-row objects).
    latestDataInLane: db.prepare(
      `SELECT m.message_data FROM ${S} s JOIN agent_messages m ON m.id = s.message_id
       WHERE s.lane_id = ? AND s.message_id <= ? ORDER BY s.message_id DESC LIMIT ?`,
    ).pluck() as Statement<[number, number, number], string>,
    allDataInLane: db.prepare(
      `SELECT m.message_data FROM ${S} s JOIN agent_messages m ON m.id = s.message_id
       WHERE s.lane_id = ? AND s.message_id <= ? ORDER BY s.message_id`,
    ).pluck() as Statement<[number, number], string>,
    allInLane: db.prepare(
      `SELECT m.id AS id, m.message_data AS data FROM ${S} s JOIN agent_messages m ON m.id = s.message_id
       WHERE s.lane_id = ? AND s.message_id <= ? ORDER BY s.message_id`,
    ) as Statement<[number, number], ItemRow>,
    timedInLane: db.prepare(
      `SELECT m.id AS id, m.message_data AS data, m.created_at AS createdAt FROM ${S} s JOIN agent_messages m ON m.id = s.message_id
       WHERE s.lane_id = ? AND s.message_id <= ? ORDER BY s.message_id`,
    ) as Statement<[number, number], TimedItemRow>,
    countInLane: db.prepare(`SELECT COUNT(*) FROM ${S} WHERE lane_id = ? AND message_id <= ?`).pluck() as Statement<[number, number], number>,
    structureInLane: db.prepare(
      `SELECT ${STRUCTURE} FROM ${S} s JOIN agent_messages m ON m.id = s.message_id
       WHERE s.lane_id = ? AND s.message_id <= ? ORDER BY s.message_id`,
    ) as Statement<[number, number], StructureRow>,
    userTurnsInLane: db.prepare(
      `SELECT ${STRUCTURE} FROM ${S} s JOIN agent_messages m ON m.id = s.message_id
       WHERE s.lane_id = ? AND s.message_id <= ? AND s.kind = 'user' ORDER BY s.message_id`,
    ) as Statement<[number, number], StructureRow>,
    turnOpener: db.prepare(
      `SELECT ${STRUCTURE} FROM ${S} s JOIN agent_messages m ON m.id = s.message_id
       WHERE s.lane_id = ? AND s.message_id <= ? AND s.turn = ? AND s.kind = 'user' ORDER BY s.message_id LIMIT 1`,
    ) as Statement<[number, number, number], StructureRow>,
    turnRangeInLane: db.prepare(
      `SELECT s.turn AS turn, m.message_data AS data, m.created_at AS createdAt FROM ${S} s JOIN agent_messages m ON m.id = s.message_id
       WHERE s.lane_id = ? AND s.message_id <= ? AND s.turn BETWEEN ? AND ? AND s.kind <> 'replay' ORDER BY s.message_id`,
    ) as Statement<[number, number, number, number], TurnRangeItem>,
    matchingTurnsInLane: db.prepare(
      `SELECT DISTINCT turn FROM ${S} WHERE lane_id = ? AND message_id <= ? AND turn > 0 AND instr(search_text, ?) > 0`,
    ).pluck() as Statement<[number, number, string], number>,
    insertUsage: db.prepare(
      `INSERT INTO advanced_turn_usage (session_id, branch_id, turn, run_id, model, requests, input_tokens, cached_input_tokens,
         output_tokens, reasoning_tokens, total_tokens, input_tokens_details, output_tokens_details, created_at)
       VALUES (@sessionId, @branchId, @turn, @runId, @model, @requests, @inputTokens, @cachedInputTokens,
         @outputTokens, @reasoningTokens, @totalTokens, @inputTokensDetails, @outputTokensDetails, COALESCE(@createdAt, ${NOW}))`,
    ) as Statement<[Record<string, unknown>]>,
    deleteBranchUsage: db.prepare(`DELETE FROM advanced_turn_usage WHERE session_id = ? AND branch_id = ?`) as Statement<[string, string]>,
    deleteBranchResponses: db.prepare(`DELETE FROM advanced_usage_responses WHERE session_id = ? AND branch_id = ?`) as Statement<[string, string]>,
    claimResponse: db.prepare(
      `INSERT INTO advanced_usage_responses (session_id, branch_id, response_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    ) as Statement<[string, string, string]>,
    usageTotals: db.prepare(
      `SELECT ${SUMS}, COUNT(DISTINCT branch_id || char(0) || turn) AS totalTurns FROM advanced_turn_usage ${USAGE_WHERE}`,
    ) as Statement<[{ session: string; branch: string | null }], Sums & { totalTurns: number }>,
    turnUsage: db.prepare(
      `SELECT branch_id AS branchId, turn, ${SUMS},
         json_group_array(input_tokens_details) AS inputTokensDetails, json_group_array(output_tokens_details) AS outputTokensDetails
       FROM advanced_turn_usage WHERE session_id = @session AND branch_id = @branch AND (@turn IS NULL OR turn = @turn)
       GROUP BY turn ORDER BY turn`,
    ) as Statement<
      [{ session: string; branch: string; turn: number | null }],
      Sums & { branchId: string; turn: number; inputTokensDetails: string; outputTokensDetails: string }
    >,
    runModelUsage: db.prepare(
      `SELECT run_id AS runId, model, SUM(requests) AS requests, SUM(input_tokens) AS inputTokens,
         SUM(cached_input_tokens) AS cachedInputTokens, SUM(output_tokens) AS outputTokens, SUM(total_tokens) AS totalTokens
       FROM advanced_turn_usage ${USAGE_WHERE} GROUP BY run_id, model`,
    ) as Statement<
      [{ session: string; branch: string | null }],
      { runId: string; model: string | null; requests: number; inputTokens: number; cachedInputTokens: number; outputTokens: number; totalTokens: number }
    >,
    usageRows: db.prepare(
      `SELECT branch_id AS branchId, turn, run_id AS runId, model, requests, input_tokens AS inputTokens,
         cached_input_tokens AS cachedInputTokens, output_tokens AS outputTokens, reasoning_tokens AS reasoningTokens,
         total_tokens AS totalTokens, input_tokens_details AS inputTokensDetails, output_tokens_details AS outputTokensDetails,
         created_at AS createdAt
       FROM advanced_turn_usage WHERE session_id = ? ORDER BY id`,
    ) as Statement<[string], ArchivedUsage>,
    getMetadata: db.prepare(`SELECT metadata FROM advanced_session_metadata WHERE session_id = ?`).pluck() as Statement<[string], string>,
    setMetadata: db.prepare(
      `INSERT INTO advanced_session_metadata (session_id, metadata) VALUES (?, ?)
       ON CONFLICT (session_id) DO UPDATE SET metadata = excluded.metadata, updated_at = ${NOW}`,
    ) as Statement<[string, string]>,
    countSessionRows: db.prepare(`SELECT COUNT(*) FROM agent_messages WHERE session_id = ?`).pluck() as Statement<[string], number>,
  };
}

export type AdvancedStatements = ReturnType<typeof prepareAdvancedStatements>;
