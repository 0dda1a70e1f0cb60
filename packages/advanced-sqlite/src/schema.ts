import { MESSAGES_TABLE, SESSIONS_TABLE, messageColumns, sessionColumns } from '@sessions/core';
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * The tables AdvancedSQLiteSession adds next to @sessions/sqlite's
 * `agent_sessions` / `agent_messages` (which it reuses and migrates first).
 *
 * The base tables are declared here only as unexported stand-ins, so foreign
 * keys can name them while drizzle-kit generates migrations for our own tables
 * alone (it only picks up exported tables).
 */
const baseSessions = sqliteTable(SESSIONS_TABLE, {
  sessionId: text(sessionColumns.sessionId).primaryKey(),
});
const baseMessages = sqliteTable(MESSAGES_TABLE, {
  id: integer(messageColumns.id).primaryKey({ autoIncrement: true }),
});

const nowIso = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/**
 * A lane is a run of stored messages plus a pointer to the history it
 * continues: every message of `parent_lane_id` with id <= `parent_bound`.
 * Branching and rewinding shared history create lanes; nothing is copied.
 */
export const advancedLanes = sqliteTable(
  'advanced_lanes',
  {
    laneId: integer('lane_id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => baseSessions.sessionId, { onDelete: 'cascade' }),
    parentLaneId: integer('parent_lane_id').references((): AnySQLiteColumn => advancedLanes.laneId, { onDelete: 'cascade' }),
    /** Inclusive upper bound on the parent's message ids this lane inherits. */
    parentBound: integer('parent_bound'),
    /** A compaction started the lane: the runner's replay history starts at its first message. */
    replayStart: integer('replay_start', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull().default(nowIso),
  },
  (table) => [
    index('advanced_lanes_parent_idx').on(table.parentLaneId, table.parentBound),
    index('advanced_lanes_session_idx').on(table.sessionId),
  ],
);

/** Named branches of a session; `main` exists in every session, other ids are unique across the file. */
export const advancedBranches = sqliteTable(
  'advanced_branches',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => baseSessions.sessionId, { onDelete: 'cascade' }),
    branchId: text('branch_id').notNull(),
    /** The lane this branch writes to (its newest history). */
    laneId: integer('lane_id')
      .notNull()
      .references(() => advancedLanes.laneId),
    parentBranchId: text('parent_branch_id'),
    fromTurn: integer('from_turn'),
    createdAt: text('created_at').notNull().default(nowIso),
  },
  (table) => [
    primaryKey({ columns: [table.sessionId, table.branchId] }),
    uniqueIndex('advanced_branches_branch_id_unique').on(table.branchId).where(sql`"branch_id" <> 'main'`),
    index('advanced_branches_lane_idx').on(table.laneId),
  ],
);

/** Per-message structure, computed once when the message is written. */
export const advancedMessageStructure = sqliteTable(
  'advanced_message_structure',
  {
    messageId: integer('message_id')
      .primaryKey()
      .references(() => baseMessages.id, { onDelete: 'cascade' }),
    laneId: integer('lane_id')
      .notNull()
      .references(() => advancedLanes.laneId, { onDelete: 'cascade' }),
    /** 0 before the first user message, then 1, 2, ... along the branch's history. */
    turn: integer('turn').notNull(),
    /** `itemKind` of the item (user, assistant, function_call, ...). */
    kind: text('kind').notNull(),
    toolName: text('tool_name'),
    /** `itemText` lower-cased and NFKC-normalised, for case-insensitive `instr` search. */
    searchText: text('search_text').notNull(),
  },
  (table) => [
    index('advanced_structure_lane_id_idx').on(table.laneId, table.messageId),
    index('advanced_structure_lane_turn_idx').on(table.laneId, table.turn, table.messageId),
  ],
);

/** One row per stored run and model: token counts attributed to a branch's turn. */
export const advancedTurnUsage = sqliteTable(
  'advanced_turn_usage',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => baseSessions.sessionId, { onDelete: 'cascade' }),
    branchId: text('branch_id').notNull(),
    turn: integer('turn').notNull(),
    runId: text('run_id').notNull(),
    model: text('model'),
    requests: integer('requests').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    cachedInputTokens: integer('cached_input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    reasoningTokens: integer('reasoning_tokens').notNull(),
    totalTokens: integer('total_tokens').notNull(),
    /** JSON object: every input/output token detail summed by key. */
    inputTokensDetails: text('input_tokens_details').notNull(),
    outputTokensDetails: text('output_tokens_details').notNull(),
    createdAt: text('created_at').notNull().default(nowIso),
  },
  (table) => [index('advanced_turn_usage_branch_turn_idx').on(table.sessionId, table.branchId, table.turn)],
);

/**
 * The model responses whose usage a branch holds, by key (see
 * `ResponseUsage`): storing a response again, in any process, adds nothing.
 */
export const advancedUsageResponses = sqliteTable(
  'advanced_usage_responses',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => baseSessions.sessionId, { onDelete: 'cascade' }),
    branchId: text('branch_id').notNull(),
    responseKey: text('response_key').notNull(),
    createdAt: text('created_at').notNull().default(nowIso),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.branchId, table.responseKey] })],
);

/** A JSON object per session, for `listSessions({ metadata })`. */
export const advancedSessionMetadata = sqliteTable('advanced_session_metadata', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => baseSessions.sessionId, { onDelete: 'cascade' }),
  metadata: text('metadata').notNull(),
  updatedAt: text('updated_at').notNull().default(nowIso),
});
