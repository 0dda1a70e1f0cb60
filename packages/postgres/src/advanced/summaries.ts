import { iso, PARENT_LANE, position } from './sql.js';
import type { MetadataFilter } from '@sessions/core';

/**
 * One statement for a page of session summaries: the page itself (`where`,
 * ordered newest first by `order`, through that column's index; expired
 * sessions left out), then per
 * session its items on `main` (the rows of the lanes main reads, or every row
 * of a session a plain PostgresSession wrote) and its branch count.
 */
export interface SummaryQuery {
  order: 'created_at' | 'updated_at';
  /** Conditions on `s` (agent_sessions) and `md` (metadata); parameters numbered from 2 ($1 is the page size). */
  where: string[];
}

export interface SummaryRow {
  sessionId: string;
  owner: string | null;
  createdAt: string;
  updatedAt: string;
  /** The order column to the microsecond, for a cursor. */
  position: string;
  metadata: string | null;
  itemCount: number;
  branchCount: number;
}

const UNBOUNDED = '9223372036854775807::bigint';

export function summaryQuery({ order, where }: SummaryQuery): string {
  // Expired sessions are never listed.
  const conditions = `WHERE ${['(s.expires_at IS NULL OR s.expires_at > now())', ...where].join(' AND ')}`;
  const columns = `s.session_id, s.owner, s.created_at, s.updated_at`;
  const fields = `p.session_id AS "sessionId", p.owner, ${iso('p.created_at')} AS "createdAt", ${iso('p.updated_at')} AS "updatedAt",
    ${position(`p.${order}`)} AS position`;
  const plainCount = `(SELECT count(*) FROM agent_messages m WHERE m.session_id = p.session_id)`;
  return `WITH RECURSIVE page AS (
      SELECT ${columns}, md.metadata FROM agent_sessions s LEFT JOIN advanced_session_metadata md ON md.session_id = s.session_id
      ${conditions} ORDER BY s.${order} DESC, s.session_id DESC LIMIT $1
    ),
    main_chain(session_id, lane_id, parent_lane_id, parent_bound, bound) AS (
      SELECT p.session_id, l.lane_id, l.parent_lane_id, l.parent_bound, ${UNBOUNDED}
      FROM page p JOIN advanced_branches b ON b.session_id = p.session_id AND b.branch_id = 'main'
      JOIN advanced_lanes l ON l.session_id = b.session_id AND l.lane_id = b.lane_id
      UNION ALL
      SELECT c.session_id, l.lane_id, l.parent_lane_id, l.parent_bound, least(c.bound, c.parent_bound)
      FROM main_chain c CROSS JOIN LATERAL (${PARENT_LANE('c.session_id')}) l
    ),
    main_count AS (
      SELECT c.session_id, sum(x.n) AS n FROM main_chain c
      CROSS JOIN LATERAL (
        SELECT count(*) AS n FROM advanced_message_structure st
        WHERE st.session_id = c.session_id AND st.lane_id = c.lane_id AND st.message_id <= c.bound
      ) x
      GROUP BY c.session_id
    )
    SELECT ${fields}, p.metadata, coalesce(mc.n, ${plainCount}) AS "itemCount",
      greatest(1, (SELECT count(*) FROM advanced_branches b WHERE b.session_id = p.session_id)) AS "branchCount"
    FROM page p LEFT JOIN main_count mc ON mc.session_id = p.session_id
    ORDER BY p.${order} DESC, p.session_id DESC`;
}

// jsonb cannot hold \u0000: such metadata (stored as text, exactly as written) matches no filter.
const METADATA_JSON = `(CASE WHEN strpos(md.metadata, '\\u0000') > 0 THEN NULL ELSE md.metadata::jsonb END)`;

/** Conditions for a metadata filter: each key holds exactly that JSON value (`1` matches `1.0`); parameters from `$first`. */
export function metadataConditions(filter: MetadataFilter, first: number): { where: string[]; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  filter.forEach(([key, value], i) => {
    where.push(`(${METADATA_JSON} -> $${first + 2 * i}::text) = $${first + 2 * i + 1}::jsonb`);
    values.push(key, JSON.stringify(value));
  });
  return { where, values };
}
