import { bigint, boolean, foreignKey, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { agentMessages, agentSessions } from './schema.js';

/**
 * The tables of AdvancedPostgresSession, next to `agent_sessions` and
 * `agent_messages`. Every table is keyed by `session_id` first and every
 * foreign key joins on it, so a cluster can keep all rows of a conversation
 * on one shard; the one exception is `advanced_branch_handles`, a small
 * registry of branch ids (a reference table on a cluster, see README).
 */

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/**
 * A lane is a run of stored messages plus a pointer to the history it
 * continues: every message of `parent_lane_id` with id <= `parent_bound`.
 * Branching and rewinding shared history create lanes; nothing is copied.
 */
export const advancedLanes = pgTable(
  'advanced_lanes',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    // Identity ids are never handed out twice, so a lane id read once always names the same lane.
    laneId: bigint('lane_id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    parentLaneId: bigint('parent_lane_id', { mode: 'number' }),
    /** Inclusive upper bound on the parent's message ids this lane inherits. */
    parentBound: bigint('parent_bound', { mode: 'number' }),
    /** A compaction started the lane: the runner's replay history starts at its first message. */
    replayStart: boolean('replay_start').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.sessionId, table.laneId] }),
    foreignKey({ columns: [table.sessionId, table.parentLaneId], foreignColumns: [table.sessionId, table.laneId] }).onDelete('cascade'),
    index('advanced_lanes_parent_idx').on(table.sessionId, table.parentLaneId, table.parentBound),
  ],
);

/** Named branches of a session; `main` exists in every session, other ids are unique in the database (see `advanced_branch_handles`). */
export const advancedBranches = pgTable(
  'advanced_branches',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    branchId: text('branch_id').notNull(),
    /** The lane this branch writes to (its newest history). */
    laneId: bigint('lane_id', { mode: 'number' }).notNull(),
    parentBranchId: text('parent_branch_id'),
    fromTurn: integer('from_turn'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.sessionId, table.branchId] }),
    foreignKey({ columns: [table.sessionId, table.laneId], foreignColumns: [advancedLanes.sessionId, advancedLanes.laneId] }),
    index('advanced_branches_lane_idx').on(table.sessionId, table.laneId),
  ],
);

/**
 * Which session each branch id (other than `main`) belongs to, so a branch id
 * opens its branch like a session id. Keyed by branch id alone: the one table
 * a cluster keeps whole on every node (a Citus reference table).
 */
export const advancedBranchHandles = pgTable(
  'advanced_branch_handles',
  {
    branchId: text('branch_id').primaryKey(),
    sessionId: text('session_id').notNull(),
  },
  (table) => [index('advanced_branch_handles_session_idx').on(table.sessionId)],
);

/** Per-message structure, computed once when the message is written. */
export const advancedMessageStructure = pgTable(
  'advanced_message_structure',
  {
    sessionId: text('session_id').notNull(),
    messageId: bigint('message_id', { mode: 'number' }).notNull(),
    laneId: bigint('lane_id', { mode: 'number' }).notNull(),
    /** 0 before the first user message, then 1, 2, ... along the branch's history. */
    turn: integer('turn').notNull(),
    /** `itemKind` of the item (user, assistant, function_call, ...). */
    kind: text('kind').notNull(),
    toolName: text('tool_name'),
    /** `itemText` lower-cased and NFKC-normalised, for case-insensitive search. */
    searchText: text('search_text').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.sessionId, table.messageId] }),
    foreignKey({ columns: [table.sessionId, table.messageId], foreignColumns: [agentMessages.sessionId, agentMessages.id] }).onDelete('cascade'),
    foreignKey({ columns: [table.sessionId, table.laneId], foreignColumns: [advancedLanes.sessionId, advancedLanes.laneId] }).onDelete('cascade'),
    index('advanced_structure_lane_id_idx').on(table.sessionId, table.laneId, table.messageId),
    index('advanced_structure_lane_turn_idx').on(table.sessionId, table.laneId, table.turn, table.messageId),
  ],
);

/** One row per stored run and model: token counts attributed to a branch's turn. */
export const advancedTurnUsage = pgTable(
  'advanced_turn_usage',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    branchId: text('branch_id').notNull(),
    turn: integer('turn').notNull(),
    runId: text('run_id').notNull(),
    model: text('model'),
    requests: bigint('requests', { mode: 'number' }).notNull(),
    inputTokens: bigint('input_tokens', { mode: 'number' }).notNull(),
    cachedInputTokens: bigint('cached_input_tokens', { mode: 'number' }).notNull(),
    outputTokens: bigint('output_tokens', { mode: 'number' }).notNull(),
    reasoningTokens: bigint('reasoning_tokens', { mode: 'number' }).notNull(),
    totalTokens: bigint('total_tokens', { mode: 'number' }).notNull(),
    /** JSON object text: every input/output token detail summed by key. */
    inputTokensDetails: text('input_tokens_details').notNull(),
    outputTokensDetails: text('output_tokens_details').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.id] }), index('advanced_turn_usage_branch_turn_idx').on(table.sessionId, table.branchId, table.turn)],
);

/** A JSON object per session (text, kept as written), for `listSessions({ metadata })`. */
/**
 * The model responses whose usage a branch holds, by key (see
 * `ResponseUsage`): storing a response again, in any process, adds nothing.
 */
export const advancedUsageResponses = pgTable(
  'advanced_usage_responses',
  {
    sessionId: text('session_id').notNull(),
    branchId: text('branch_id').notNull(),
    responseKey: text('response_key').notNull(),
    createdAt: createdAt(),
  },
  // Named here: the generated foreign key name would pass PostgreSQL's 63-character limit.
  (table) => [
    primaryKey({ name: 'advanced_usage_responses_pk', columns: [table.sessionId, table.branchId, table.responseKey] }),
    foreignKey({ name: 'advanced_usage_responses_session_fk', columns: [table.sessionId], foreignColumns: [agentSessions.sessionId] }).onDelete('cascade'),
  ],
);

export const advancedSessionMetadata = pgTable('advanced_session_metadata', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
  metadata: text('metadata').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Tables a sharded cluster keeps whole on every node instead of distributing by `session_id`. */
export const REFERENCE_TABLES = ['advanced_branch_handles'] as const;

