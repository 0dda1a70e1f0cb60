import { named, PARENT_LANE } from './sql.js';
import { LIVE_SESSION } from './statements.js';

/**
 * The two calls a running agent makes on every turn, each one statement
 * whatever the number of forks above the branch: the branch's head lane,
 * then its chain of ancestor lanes (recursive, one index lookup per fork)
 * with the running minimum of the bounds, then one index range per segment.
 */

const S = 'advanced_message_structure';
const UNBOUNDED = '9223372036854775807::bigint';

/**
 * Branch `$2` of session `$1` (none when the session has expired): each lane
 * of its history with the highest message id it reads; with `replay`, only up
 * to the newest lane a compaction started (the history the runner replays).
 */
const chainOf = (replay: boolean) => `
  head AS (SELECT lane_id FROM advanced_branches WHERE session_id = $1 AND branch_id = $2 AND ${LIVE_SESSION}),
  chain(lane_id, parent_lane_id, parent_bound, replay_start, bound) AS (
    SELECT l.lane_id, l.parent_lane_id, l.parent_bound, l.replay_start, ${UNBOUNDED}
    FROM head JOIN advanced_lanes l ON l.session_id = $1 AND l.lane_id = head.lane_id
    UNION ALL
    SELECT l.lane_id, l.parent_lane_id, l.parent_bound, l.replay_start, least(c.bound, c.parent_bound)
    FROM chain c CROSS JOIN LATERAL (${PARENT_LANE('$1')}) l${replay ? ' WHERE NOT c.replay_start' : ''}
  )`;

/**
 * The newest `$3` items of branch `$2` (all when null), oldest first: the
 * newest `$3` ids of each segment, the newest `$3` of those, then their rows.
 * A lane's messages have ids above its parent bound, so id order is history order.
 */
export const readBranch = named(
  'read_branch',
  `WITH RECURSIVE ${chainOf(true)}
   SELECT m.id, m.message_data AS data FROM (
     SELECT x.message_id FROM chain c
     CROSS JOIN LATERAL (
       SELECT s.message_id FROM ${S} s WHERE s.session_id = $1 AND s.lane_id = c.lane_id AND s.message_id <= c.bound
       ORDER BY s.message_id DESC LIMIT $3
     ) x
     ORDER BY x.message_id DESC LIMIT $3
   ) t JOIN agent_messages m ON m.session_id = $1 AND m.id = t.message_id
   ORDER BY m.id`,
);

/**
 * Appends a batch to branch `$2`, inside a transaction that already holds the
 * session's row lock (so this statement's snapshot sees every earlier write
 * of the session): the branch's last turn, then the messages and their
 * structure rows, the turn of each being that last turn plus `$4` (turn
 * numbers relative to the batch, from `turnNumbers`). Writes nothing when
 * the branch has no lane yet (its first write, which creates it).
 */
export const appendToBranch = named(
  'append_to_branch',
  `WITH RECURSIVE ${chainOf(false)},
   last AS (
     SELECT coalesce((
       SELECT x.turn FROM chain c
       CROSS JOIN LATERAL (
         SELECT s.message_id, s.turn FROM ${S} s WHERE s.session_id = $1 AND s.lane_id = c.lane_id AND s.message_id <= c.bound
         ORDER BY s.message_id DESC LIMIT 1
       ) x
       ORDER BY x.message_id DESC LIMIT 1
     ), 0) AS turn
   ),
   batch AS (
     SELECT * FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS b(data, turn, kind, tool_name, search_text, n)
   ),
   inserted AS (
     INSERT INTO agent_messages (session_id, message_data) SELECT $1, b.data FROM batch b, head ORDER BY b.n RETURNING id
   ),
   numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM inserted)
   INSERT INTO ${S} (session_id, message_id, lane_id, turn, kind, tool_name, search_text)
   SELECT $1, i.id, head.lane_id, last.turn + b.turn, b.kind, b.tool_name, b.search_text
   FROM numbered i JOIN batch b ON b.n = i.n, head, last`,
);
