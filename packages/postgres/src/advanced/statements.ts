import { iso, named, PARENT_LANE } from './sql.js';

/**
 * The SQL of each branch-model step (see `PostgresAdvancedDriver`). Every
 * statement names the session, so it reads one session's index ranges (and,
 * on a sharded cluster, one shard). Segment reads take the segments as two
 * arrays, lane ids and inclusive bounds on message ids, and read them all
 * in one statement: one index range per segment.
 */

const S = 'advanced_message_structure';
/** True unless session `$1` has expired. */
export const LIVE_SESSION = `NOT EXISTS (SELECT 1 FROM agent_sessions WHERE session_id = $1 AND expires_at <= now())`;
const SEGMENTS = `unnest($2::bigint[], $3::bigint[]) AS seg(lane_id, bound)`;
const IN_SEGMENT = `s.session_id = $1 AND s.lane_id = seg.lane_id AND s.message_id <= seg.bound`;
const BRANCH = `branch_id AS "branchId", lane_id AS "laneId", parent_branch_id AS "parentBranchId", from_turn AS "fromTurn", ${iso('created_at')} AS "createdAt"`;
const STRUCTURE = `s.message_id AS id, s.turn, s.kind, s.tool_name AS "toolName", m.message_data AS data, ${iso('m.created_at')} AS "createdAt"`;
const SUMS = `count(DISTINCT run_id) AS runs, coalesce(sum(requests), 0) AS requests, coalesce(sum(input_tokens), 0) AS "inputTokens",
  coalesce(sum(cached_input_tokens), 0) AS "cachedInputTokens", coalesce(sum(output_tokens), 0) AS "outputTokens",
  coalesce(sum(reasoning_tokens), 0) AS "reasoningTokens", coalesce(sum(total_tokens), 0) AS "totalTokens"`;
// A null branch selects every branch of the session.
const USAGE_WHERE = `WHERE session_id = $1 AND ($2::text IS NULL OR branch_id = $2)`;

/** The newest `$4` message ids of the segments (all when null), then their rows oldest first. */
const latestOfSegments = (columns: string) => `
  SELECT ${columns} FROM (
    SELECT x.message_id FROM ${SEGMENTS}
    CROSS JOIN LATERAL (SELECT s.message_id FROM ${S} s WHERE ${IN_SEGMENT} ORDER BY s.message_id DESC LIMIT $4) x
    ORDER BY x.message_id DESC LIMIT $4
  ) t JOIN agent_messages m ON m.session_id = $1 AND m.id = t.message_id
  ORDER BY m.id`;

export const statements = {
  sessionOfBranch: named('session_of_branch', `SELECT session_id FROM advanced_branch_handles WHERE branch_id = $1`),
  sessionExists: named('session_exists', `SELECT 1 FROM agent_sessions WHERE session_id = $1`),
  // The upsert holds the row lock until commit: writers of one session go one after another.
  // A new row gets owner $2 and expiry $3; an expired session is not touched (no row returned).
  touchSession: named(
    'touch_session',
    `INSERT INTO agent_sessions (session_id, owner, expires_at) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO UPDATE SET updated_at = now()
     WHERE agent_sessions.expires_at IS NULL OR agent_sessions.expires_at > now() RETURNING 1`,
  ),
  // NO KEY UPDATE: excludes the session's other writers, not the key checks of rows inserted for it.
  lockSession: named('lock_session', `SELECT 1 FROM agent_sessions WHERE session_id = $1 FOR NO KEY UPDATE`),
  deleteSession: named(
    'delete_session',
    `WITH handles AS (DELETE FROM advanced_branch_handles WHERE session_id = $1)
     DELETE FROM agent_sessions WHERE session_id = $1`,
  ),
  sessionRow: named(
    'session_row',
    `SELECT owner, ${iso('created_at')} AS "createdAt", ${iso('updated_at')} AS "updatedAt" FROM agent_sessions WHERE session_id = $1`,
  ),
  restoreSession: named(
    'restore_session',
    `UPDATE agent_sessions SET owner = $2, created_at = $3::timestamptz, updated_at = $4::timestamptz WHERE session_id = $1`,
  ),

  // None for an expired session: it reads as empty.
  branch: named('branch', `SELECT ${BRANCH} FROM advanced_branches WHERE session_id = $1 AND branch_id = $2 AND ${LIVE_SESSION}`),
  branches: named('branches', `SELECT ${BRANCH} FROM advanced_branches WHERE session_id = $1 ORDER BY created_at, branch_id`),
  countBranches: named('count_branches', `SELECT count(*) AS n FROM advanced_branches WHERE session_id = $1`),
  // clock_timestamp: branches made in one transaction still get their creation order.
  insertBranch: named(
    'insert_branch',
    `WITH handle AS (INSERT INTO advanced_branch_handles (branch_id, session_id) SELECT $2, $1 WHERE $2 <> 'main')
     INSERT INTO advanced_branches (session_id, branch_id, lane_id, parent_branch_id, from_turn, created_at)
     VALUES ($1, $2, $3, $4, $5, clock_timestamp())`,
  ),
  setBranchLane: named('set_branch_lane', `UPDATE advanced_branches SET lane_id = $3 WHERE session_id = $1 AND branch_id = $2`),
  setBranchOrigin: named(
    'set_branch_origin',
    `UPDATE advanced_branches SET parent_branch_id = $3, from_turn = $4, created_at = coalesce($5::timestamptz, created_at)
     WHERE session_id = $1 AND branch_id = $2`,
  ),
  deleteBranch: named(
    'delete_branch',
    `WITH handle AS (DELETE FROM advanced_branch_handles WHERE branch_id = $2 AND session_id = $1)
     DELETE FROM advanced_branches WHERE session_id = $1 AND branch_id = $2`,
  ),

  chain: named(
    'chain',
    `WITH RECURSIVE chain(lane_id, parent_lane_id, parent_bound, replay_start, depth) AS (
       SELECT lane_id, parent_lane_id, parent_bound, replay_start, 0 FROM advanced_lanes WHERE session_id = $1 AND lane_id = $2
       UNION ALL
       SELECT l.lane_id, l.parent_lane_id, l.parent_bound, l.replay_start, c.depth + 1
       FROM chain c CROSS JOIN LATERAL (${PARENT_LANE('$1')}) l
     )
     SELECT lane_id AS "laneId", parent_bound AS "parentBound", replay_start AS "replayStart", depth FROM chain`,
  ),
  insertLane: named(
    'insert_lane',
    `INSERT INTO advanced_lanes (session_id, parent_lane_id, parent_bound, replay_start) VALUES ($1, $2, $3, $4) RETURNING lane_id AS "laneId"`,
  ),
  laneParent: named('lane_parent', `SELECT parent_lane_id AS "parentLaneId" FROM advanced_lanes WHERE session_id = $1 AND lane_id = $2`),
  laneInherited: named('lane_inherited', `SELECT 1 FROM advanced_lanes WHERE session_id = $1 AND parent_lane_id = $2 AND parent_bound >= $3 LIMIT 1`),
  laneChildBound: named('lane_child_bound', `SELECT max(parent_bound) AS bound FROM advanced_lanes WHERE session_id = $1 AND parent_lane_id = $2`),
  laneHasChildren: named('lane_has_children', `SELECT 1 FROM advanced_lanes WHERE session_id = $1 AND parent_lane_id = $2 LIMIT 1`),
  laneHasHead: named('lane_has_head', `SELECT 1 FROM advanced_branches WHERE session_id = $1 AND lane_id = $2 LIMIT 1`),
  deleteLane: named('delete_lane', `DELETE FROM advanced_lanes WHERE session_id = $1 AND lane_id = $2`),
  // Structure rows go with their messages (ON DELETE CASCADE).
  deleteLaneMessagesAbove: named(
    'delete_lane_messages_above',
    `DELETE FROM agent_messages m USING ${S} s
     WHERE s.session_id = $1 AND s.lane_id = $2 AND s.message_id > $3 AND m.session_id = $1 AND m.id = s.message_id`,
  ),

  /**
   * Appends a batch and its structure rows to lane `$2` in one statement.
   * Ids are drawn in batch order (the insert's ORDER BY), so the batch's
   * n-th smallest id is its n-th message.
   */
  insertMessages: named(
    'insert_messages',
    `WITH batch AS (
       SELECT * FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS b(data, turn, kind, tool_name, search_text, n)
     ),
     inserted AS (INSERT INTO agent_messages (session_id, message_data) SELECT $1, data FROM batch ORDER BY n RETURNING id),
     numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM inserted)
     INSERT INTO ${S} (session_id, message_id, lane_id, turn, kind, tool_name, search_text)
     SELECT $1, i.id, $2, b.turn, b.kind, b.tool_name, b.search_text FROM numbered i JOIN batch b ON b.n = i.n`,
  ),
  deleteMessage: named('delete_message', `DELETE FROM agent_messages WHERE session_id = $1 AND id = $2`),
  updateMessage: named(
    'update_message',
    `WITH message AS (UPDATE agent_messages SET message_data = $3 WHERE session_id = $1 AND id = $2)
     UPDATE ${S} SET turn = $4, kind = $5, tool_name = $6, search_text = $7 WHERE session_id = $1 AND message_id = $2`,
  ),
  operationFingerprint: named(
    'operation_fingerprint',
    `SELECT fingerprint FROM agent_session_operations WHERE session_id = $1 AND operation_id = $2`,
  ),
  recordOperation: named(
    'record_operation',
    `INSERT INTO agent_session_operations (session_id, operation_id, fingerprint) VALUES ($1, $2, $3)`,
  ),
  deleteOperations: named('delete_operations', `DELETE FROM agent_session_operations WHERE session_id = $1`),
  messageById: named('message_by_id', `SELECT id, message_data AS data FROM agent_messages WHERE session_id = $1 AND id = $2`),
  newest: named(
    'newest',
    `SELECT x.message_id AS id, x.turn, seg.lane_id AS "laneId" FROM ${SEGMENTS}
     CROSS JOIN LATERAL (SELECT s.message_id, s.turn FROM ${S} s WHERE ${IN_SEGMENT} ORDER BY s.message_id DESC LIMIT 1) x
     ORDER BY x.message_id DESC LIMIT 1`,
  ),
  itemRows: named('item_rows', latestOfSegments('m.id, m.message_data AS data')),
  timedRows: named('timed_rows', latestOfSegments(`m.id, m.message_data AS data, ${iso('m.created_at')} AS "createdAt"`)),
  setItemTime: named('set_item_time', `UPDATE agent_messages SET created_at = $3::timestamptz WHERE session_id = $1 AND id = $2`),
  countMessages: named(
    'count_messages',
    `SELECT coalesce(sum(x.n), 0) AS n FROM ${SEGMENTS}
     CROSS JOIN LATERAL (SELECT count(*) AS n FROM ${S} s WHERE ${IN_SEGMENT}) x`,
  ),
  structure: named(
    'structure',
    `SELECT ${STRUCTURE} FROM ${SEGMENTS}
     JOIN ${S} s ON ${IN_SEGMENT} AND (NOT $4::boolean OR s.kind = 'user')
     JOIN agent_messages m ON m.session_id = $1 AND m.id = s.message_id
     ORDER BY s.message_id`,
  ),
  turnOpener: named(
    'turn_opener',
    `SELECT ${STRUCTURE} FROM ${SEGMENTS}
     JOIN ${S} s ON ${IN_SEGMENT} AND s.turn = $4 AND s.kind = 'user'
     JOIN agent_messages m ON m.session_id = $1 AND m.id = s.message_id
     ORDER BY s.message_id LIMIT 1`,
  ),
  turnRange: named(
    'turn_range',
    `SELECT s.turn, m.message_data AS data, ${iso('m.created_at')} AS "createdAt" FROM ${SEGMENTS}
     JOIN ${S} s ON ${IN_SEGMENT} AND s.turn BETWEEN $4 AND $5 AND s.kind <> 'replay'
     JOIN agent_messages m ON m.session_id = $1 AND m.id = s.message_id
     ORDER BY s.message_id`,
  ),
  matchingTurns: named(
    'matching_turns',
    `SELECT DISTINCT s.turn FROM ${SEGMENTS} JOIN ${S} s ON ${IN_SEGMENT} WHERE s.turn > 0 AND strpos(s.search_text, $4) > 0`,
  ),

  insertUsage: named(
    'insert_usage',
    `INSERT INTO advanced_turn_usage (session_id, branch_id, turn, run_id, model, requests, input_tokens, cached_input_tokens,
       output_tokens, reasoning_tokens, total_tokens, input_tokens_details, output_tokens_details, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, coalesce($14::timestamptz, now()))`,
  ),
  deleteBranchUsage: named(
    'delete_branch_usage',
    `WITH responses AS (DELETE FROM advanced_usage_responses WHERE session_id = $1 AND branch_id = $2)
     DELETE FROM advanced_turn_usage WHERE session_id = $1 AND branch_id = $2`,
  ),
  claimResponses: named(
    'claim_responses',
    `INSERT INTO advanced_usage_responses (session_id, branch_id, response_key) SELECT $1, $2, key FROM unnest($3::text[]) AS k(key)
     ON CONFLICT DO NOTHING RETURNING response_key AS key`,
  ),
  usageTotals: named(
    'usage_totals',
    `SELECT ${SUMS}, count(DISTINCT (branch_id, turn)) AS "totalTurns" FROM advanced_turn_usage ${USAGE_WHERE}`,
  ),
  turnUsage: named(
    'turn_usage',
    `SELECT branch_id AS "branchId", turn, ${SUMS},
       array_agg(input_tokens_details ORDER BY id) AS "inputTokensDetails", array_agg(output_tokens_details ORDER BY id) AS "outputTokensDetails"
     FROM advanced_turn_usage WHERE session_id = $1 AND branch_id = $2 AND ($3::int IS NULL OR turn = $3)
     GROUP BY branch_id, turn ORDER BY turn`,
  ),
  runModelUsage: named(
    'run_model_usage',
    `SELECT run_id AS "runId", model, sum(requests) AS requests, sum(input_tokens) AS "inputTokens",
       sum(cached_input_tokens) AS "cachedInputTokens", sum(output_tokens) AS "outputTokens", sum(total_tokens) AS "totalTokens"
     FROM advanced_turn_usage ${USAGE_WHERE} GROUP BY run_id, model`,
  ),
  usageRows: named(
    'usage_rows',
    `SELECT branch_id AS "branchId", turn, run_id AS "runId", model, requests, input_tokens AS "inputTokens",
       cached_input_tokens AS "cachedInputTokens", output_tokens AS "outputTokens", reasoning_tokens AS "reasoningTokens",
       total_tokens AS "totalTokens", input_tokens_details AS "inputTokensDetails", output_tokens_details AS "outputTokensDetails",
       ${iso('created_at')} AS "createdAt"
     FROM advanced_turn_usage WHERE session_id = $1 ORDER BY id`,
  ),
  getMetadata: named('get_metadata', `SELECT metadata FROM advanced_session_metadata WHERE session_id = $1`),
  setMetadata: named(
    'set_metadata',
    `INSERT INTO advanced_session_metadata (session_id, metadata) VALUES ($1, $2)
     ON CONFLICT (session_id) DO UPDATE SET metadata = excluded.metadata, updated_at = now()`,
  ),
};
