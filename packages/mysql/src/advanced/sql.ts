import { MESSAGES_TABLE as M, OPERATIONS_TABLE as O, SESSIONS_TABLE as S, type Segment } from '@sessions/core';
import { LIVE, MOVE_UPDATED_AT } from '../statements.js';

/**
 * The advanced store's SQL on MySQL 8 and MariaDB 10.11. Statements are sent
 * with the text protocol (mysql2 `query`, values escaped by the driver), so
 * statements whose shape depends on the number of segments cost no prepare
 * round trip and pile up no server-side statements. Times are read as text
 * (CAST AS CHAR): exact, and independent of the pool's date options.
 */

/** Columns of a branch row. */
const BRANCH = `branch_id AS branchId, lane_id AS laneId, parent_branch_id AS parentBranchId, from_turn AS fromTurn, CAST(created_at AS CHAR) AS createdAt`;
const STRUCTURE = `id, turn, kind, tool_name AS toolName, message_data AS data, CAST(created_at AS CHAR) AS createdAt`;
const SUMS = `COUNT(DISTINCT run_id) AS runs, COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(input_tokens), 0) AS inputTokens,
  COALESCE(SUM(cached_input_tokens), 0) AS cachedInputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens,
  COALESCE(SUM(reasoning_tokens), 0) AS reasoningTokens, COALESCE(SUM(total_tokens), 0) AS totalTokens`;
// Parameters: session id, branch id twice (NULL selects every branch of the session).
const USAGE_WHERE = `WHERE session_id = ? AND (? IS NULL OR branch_id = ?)`;

/** A lane and its ancestors with their depth, from the lane a CTE's seed names. */
function chainFrom(seed: string): string {
  return `WITH RECURSIVE chain (head, lane_id, parent_lane_id, parent_bound, replay_start, depth) AS (
      ${seed}
      UNION ALL
      SELECT c.head, l.lane_id, l.parent_lane_id, l.parent_bound, l.replay_start, c.depth + 1
      FROM advanced_lanes l JOIN chain c ON l.lane_id = c.parent_lane_id
    )`;
}

export const advancedSql = {
  branchOwner: `SELECT session_id AS sessionId FROM advanced_branches WHERE branch_key = ?`,
  sessionExists: `SELECT 1 AS found FROM \`${S}\` WHERE session_id = ?`,
  lockSession: `SELECT 1 AS found FROM \`${S}\` WHERE session_id = ? FOR UPDATE`,
  // A Galera cluster certifies written rows only, so on a node the lock is a real change to the session row
  // (see MySQLAdvancedDriver.lockSession); an UPDATE that changes nothing would write nothing.
  lockSessionByWrite: `UPDATE \`${S}\` SET ${MOVE_UPDATED_AT} WHERE session_id = ?`,
  // Cascades to items, lanes, branches, usage and metadata.
  deleteSession: `DELETE FROM \`${S}\` WHERE session_id = ?`,
  sessionRow: `SELECT owner, CAST(created_at AS CHAR) AS createdAt, CAST(updated_at AS CHAR) AS updatedAt FROM \`${S}\` WHERE session_id = ?`,
  restoreSession: `UPDATE \`${S}\` SET owner = ?, created_at = ?, updated_at = ? WHERE session_id = ?`,

  /** Parameters: session id, branch id, session id (none when the session has expired). */
  branch: `SELECT ${BRANCH} FROM advanced_branches WHERE session_id = ? AND branch_id = ? AND ${LIVE}`,
  branches: `SELECT ${BRANCH} FROM advanced_branches WHERE session_id = ? ORDER BY created_at, id`,
  countBranches: `SELECT COUNT(*) AS n FROM advanced_branches WHERE session_id = ?`,
  insertBranch: `INSERT INTO advanced_branches (session_id, branch_id, lane_id, parent_branch_id, from_turn) VALUES (?, ?, ?, ?, ?)`,
  setBranchLane: `UPDATE advanced_branches SET lane_id = ? WHERE session_id = ? AND branch_id = ?`,
  setBranchOrigin: `UPDATE advanced_branches SET parent_branch_id = ?, from_turn = ?, created_at = COALESCE(?, created_at) WHERE session_id = ? AND branch_id = ?`,
  deleteBranch: `DELETE FROM advanced_branches WHERE session_id = ? AND branch_id = ?`,

  /** Parameters: session id, lane id. */
  chain: `${chainFrom(`SELECT lane_id, lane_id, parent_lane_id, parent_bound, replay_start, 0 FROM advanced_lanes WHERE session_id = ? AND lane_id = ?`)}
    SELECT lane_id AS laneId, parent_bound AS parentBound, replay_start AS replayStart, depth FROM chain`,
  /** Parameters: session id, branch id, session id. The chain of the lane the branch writes to (none when there is no such branch, or the session has expired). */
  branchChain: `${chainFrom(
    `SELECT l.lane_id, l.lane_id, l.parent_lane_id, l.parent_bound, l.replay_start, 0 FROM advanced_branches b JOIN advanced_lanes l ON l.lane_id = b.lane_id
     WHERE b.session_id = ? AND b.branch_id = ? AND ${LIVE}`,
  )}
    SELECT lane_id AS laneId, parent_bound AS parentBound, replay_start AS replayStart, depth FROM chain`,
  insertLane: `INSERT INTO advanced_lanes (session_id, parent_lane_id, parent_bound, replay_start) VALUES (?, ?, ?, ?)`,
  laneParent: `SELECT parent_lane_id AS parent FROM advanced_lanes WHERE lane_id = ?`,
  laneInherited: `SELECT 1 AS found FROM advanced_lanes WHERE parent_lane_id = ? AND parent_bound >= ? LIMIT 1`,
  laneChildBound: `SELECT MAX(parent_bound) AS bound FROM advanced_lanes WHERE parent_lane_id = ?`,
  laneHasChildren: `SELECT 1 AS found FROM advanced_lanes WHERE parent_lane_id = ? LIMIT 1`,
  laneHasHead: `SELECT 1 AS found FROM advanced_branches WHERE lane_id = ? LIMIT 1`,
  deleteLane: `DELETE FROM advanced_lanes WHERE lane_id = ?`,
  deleteLaneMessagesAbove: `DELETE FROM \`${M}\` WHERE lane_id = ? AND id > ?`,

  deleteMessage: `DELETE FROM \`${M}\` WHERE id = ?`,
  updateMessage: `UPDATE \`${M}\` SET message_data = ?, turn = ?, kind = ?, tool_name = ?, search_text = ? WHERE id = ?`,
  operationFingerprint: `SELECT fingerprint FROM \`${O}\` WHERE session_id = ? AND operation_id = ?`,
  recordOperation: `INSERT INTO \`${O}\` (session_id, operation_id, fingerprint) VALUES (?, ?, ?)`,
  deleteOperations: `DELETE FROM \`${O}\` WHERE session_id = ?`,
  messageById: `SELECT id, message_data AS data FROM \`${M}\` WHERE id = ?`,
  setItemTime: `UPDATE \`${M}\` SET created_at = ? WHERE id = ?`,
  /** Items a plain session wrote (no lane), oldest first. */
  plainRows: `SELECT id, message_data AS data, CAST(created_at AS CHAR) AS createdAt FROM \`${M}\` WHERE session_id = ? AND lane_id IS NULL ORDER BY id`,

  insertUsage: `INSERT INTO advanced_turn_usage (session_id, branch_id, turn, run_id, model, requests, input_tokens, cached_input_tokens,
      output_tokens, reasoning_tokens, total_tokens, input_tokens_details, output_tokens_details, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, UTC_TIMESTAMP(3)))`,
  deleteBranchUsage: `DELETE FROM advanced_turn_usage WHERE session_id = ? AND branch_id = ?`,
  deleteBranchResponses: `DELETE FROM advanced_usage_responses WHERE session_id = ? AND branch_id = ?`,
  claimResponse: `INSERT IGNORE INTO advanced_usage_responses (session_id, branch_id, response_key) VALUES (?, ?, ?)`,
  usageTotals: `SELECT ${SUMS}, COUNT(DISTINCT branch_id, turn) AS totalTurns FROM advanced_turn_usage ${USAGE_WHERE}`,
  /** Parameters: session id, branch id, turn twice (NULL: every turn). Grouped by turn in code. */
  turnUsageRows: `SELECT turn, run_id AS runId, requests, input_tokens AS inputTokens, cached_input_tokens AS cachedInputTokens,
      output_tokens AS outputTokens, reasoning_tokens AS reasoningTokens, total_tokens AS totalTokens,
      input_tokens_details AS inputTokensDetails, output_tokens_details AS outputTokensDetails
    FROM advanced_turn_usage WHERE session_id = ? AND branch_id = ? AND (? IS NULL OR turn = ?) ORDER BY turn, id`,
  runModelUsage: `SELECT run_id AS runId, model, SUM(requests) AS requests, SUM(input_tokens) AS inputTokens,
      SUM(cached_input_tokens) AS cachedInputTokens, SUM(output_tokens) AS outputTokens, SUM(total_tokens) AS totalTokens
    FROM advanced_turn_usage ${USAGE_WHERE} GROUP BY run_id, model`,
  usageRows: `SELECT branch_id AS branchId, turn, run_id AS runId, model, requests, input_tokens AS inputTokens,
      cached_input_tokens AS cachedInputTokens, output_tokens AS outputTokens, reasoning_tokens AS reasoningTokens,
      total_tokens AS totalTokens, input_tokens_details AS inputTokensDetails, output_tokens_details AS outputTokensDetails,
      CAST(created_at AS CHAR) AS createdAt
    FROM advanced_turn_usage WHERE session_id = ? ORDER BY id`,

  getMetadata: `SELECT metadata FROM advanced_session_metadata WHERE session_id = ?`,
  // Parameters: session id, metadata twice.
  setMetadata: `INSERT INTO advanced_session_metadata (session_id, metadata) VALUES (?, ?)
    ON DUPLICATE KEY UPDATE metadata = ?, updated_at = UTC_TIMESTAMP(3)`,
};

/** Parameters of a per-segment read: lane id and inclusive upper bound on item ids. */
export function segmentParams(segments: readonly Segment[]): number[] {
  const params: number[] = [];
  for (const segment of segments) params.push(segment.laneId, segment.bound);
  return params;
}

/**
 * One parenthesised read per segment, `UNION ALL`ed into one statement: each
 * is an index range read on (lane_id, id). `columns` and `tail` (after the
 * segment condition: more conditions, ORDER BY, LIMIT) are the same for each.
 */
export function acrossSegmentsSql(segments: number, columns: string, tail = '', index: SegmentIndex = 'id'): string {
  const one = `(SELECT ${columns} FROM \`${M}\` FORCE INDEX (${SEGMENT_INDEXES[index]}) WHERE lane_id = ? AND id <= ?${tail ? ` ${tail}` : ''})`;
  return Array.from({ length: segments }, () => one).join(' UNION ALL ');
}

/**
 * The index a segment read walks: (lane_id, id), or (lane_id, turn, id) for
 * reads of given turns. Named, because for `ORDER BY id DESC LIMIT n` on a
 * lane whose items are old, MariaDB's optimizer may otherwise walk the
 * primary key backwards across every newer item of the table.
 */
export type SegmentIndex = 'id' | 'turn';
const SEGMENT_INDEXES: Record<SegmentIndex, string> = { id: 'agent_messages_lane_id_idx', turn: 'agent_messages_lane_turn_idx' };

export const DATA_COLUMNS = 'id, message_data AS data';
export const TIMED_COLUMNS = `id, message_data AS data, CAST(created_at AS CHAR) AS createdAt`;
export const STRUCTURE_COLUMNS = STRUCTURE;

/** A checked LIMIT value, inlined: MySQL 8 rejects a LIMIT placeholder bound as a double. */
export function limitClause(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`bad limit ${limit}`);
  return `LIMIT ${limit}`;
}

/** An INSERT of `rows` items with their lane and structure (session, data, lane, turn, kind, tool, search text each). */
export function insertItemsSql(rows: number): string {
  return `INSERT INTO \`${M}\` (session_id, message_data, lane_id, turn, kind, tool_name, search_text) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
}

/** DATETIME(3) text as MySQL prints it ('2026-01-02 03:04:05.678') to ISO-8601 UTC. */
export function isoTime(text: string): string {
  return `${text.replace(' ', 'T')}Z`;
}

/** An ISO-8601 instant as a DATETIME(3) literal in UTC. */
export function mysqlTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an ISO-8601 time: ${iso}`);
  return date.toISOString().slice(0, 23).replace('T', ' ');
}
