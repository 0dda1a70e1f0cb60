import {
  MESSAGES_SESSION_INDEX,
  MESSAGES_TABLE,
  OPERATIONS_TABLE,
  SESSIONS_EXPIRES_INDEX,
  SESSIONS_TABLE,
  SESSION_KEYS_TABLE,
  messageColumns,
  operationColumns,
  sessionColumns,
  sessionKeyColumns,
} from '@sessions/core';
import { sql } from 'drizzle-orm';
import { bigint, boolean, char, customType, datetime, foreignKey, index, int, mysqlTable, primaryKey, uniqueIndex } from 'drizzle-orm/mysql-core';

/**
 * Column types spelled with their character set, so the tables hold emoji
 * whatever the database's default charset is (latin1 on old MySQL installs).
 * `utf8mb4_bin` compares code points: ids are case- and accent-sensitive.
 */
const utf8mb4Varchar255 = customType<{ data: string; driverData: string }>({
  // 255 utf8mb4 characters are 1,020 bytes: indexable (InnoDB's key limit is 3,072).
  dataType: () => 'varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
});

/** JSON text, not the JSON type: MySQL's JSON reorders keys; LONGTEXT keeps the bytes as written. */
const utf8mb4LongText = customType<{ data: string; driverData: string }>({
  dataType: () => 'longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
});

/** An item kind (`user`, `function_call`, ...): short ASCII names. */
const kindText = customType<{ data: string; driverData: string }>({
  dataType: () => 'varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
});

/**
 * Operation ids as their UTF-8 bytes: compared byte for byte, so ids differing
 * only in trailing spaces stay apart (utf8mb4_bin pads). 255 characters take at
 * most 1,020 bytes, so the key with the session id fits InnoDB's 3,072.
 */
const operationIdBytes = customType<{ data: string; driverData: string }>({
  dataType: () => 'varbinary(1020)',
});

/**
 * UTC wall-clock time with milliseconds. DATETIME rather than TIMESTAMP: no
 * 2038 limit and no conversion through the connection's time_zone. The
 * parenthesised expression default is valid on MySQL >= 8.0.13 and MariaDB >= 10.2.
 */
const utcNow = sql`(UTC_TIMESTAMP(3))`;
const laneId = (name: string) => bigint(name, { mode: 'number', unsigned: true });

export const agentSessions = mysqlTable(
  SESSIONS_TABLE,
  {
    sessionId: utf8mb4Varchar255(sessionColumns.sessionId).primaryKey(),
    createdAt: datetime(sessionColumns.createdAt, { mode: 'string', fsp: 3 }).notNull().default(utcNow),
    updatedAt: datetime(sessionColumns.updatedAt, { mode: 'string', fsp: 3 }).notNull().default(utcNow),
    /** The user or tenant the session belongs to: set when the session row is created, never changed. */
    owner: utf8mb4Varchar255('owner'),
    /** When the session stops being readable (UTC); null: never. */
    expiresAt: datetime(sessionColumns.expiresAt, { mode: 'string', fsp: 3 }),
  },
  (table) => [
    // Store listings, newest updated_at first, read backwards along these: the first page costs the same at any size.
    index('agent_sessions_updated_idx').on(table.updatedAt, table.sessionId),
    index('agent_sessions_owner_updated_idx').on(table.owner, table.updatedAt, table.sessionId),
    // A prune of expired sessions finds them through this one.
    index(SESSIONS_EXPIRES_INDEX).on(table.expiresAt),
  ],
);

/**
 * One row per item. A plain `MySQLSession` fills the first four columns; an
 * `AdvancedMySQLSession` also the lane the item belongs to and its structure
 * (turn, kind, tool, search text), computed once when written, so an item is
 * one row written by one multi-row INSERT and read by one index range read.
 */
export const agentMessages = mysqlTable(
  MESSAGES_TABLE,
  {
    // Ids only grow (InnoDB never reuses them), so id order is insertion order.
    id: bigint(messageColumns.id, { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    sessionId: utf8mb4Varchar255(messageColumns.sessionId)
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    messageData: utf8mb4LongText(messageColumns.messageData).notNull(),
    createdAt: datetime(messageColumns.createdAt, { mode: 'string', fsp: 3 }).notNull().default(utcNow),
    laneId: laneId('lane_id'),
    /** 0 before the first user message, then 1, 2, ... along the branch's history. */
    turn: int('turn'),
    kind: kindText('kind'),
    toolName: utf8mb4Varchar255('tool_name'),
    /** `itemText` lower-cased and NFKC-normalised, for case-insensitive LOCATE search. */
    searchText: utf8mb4LongText('search_text'),
  },
  (table) => [
    index(MESSAGES_SESSION_INDEX).on(table.sessionId, table.id),
    index('agent_messages_lane_id_idx').on(table.laneId, table.id),
    index('agent_messages_lane_turn_idx').on(table.laneId, table.turn, table.id),
  ],
);

/**
 * A lane is a run of stored items plus a pointer to the history it
 * continues: every item of `parent_lane_id` with id <= `parent_bound`.
 * Branching and rewinding shared history create lanes; nothing is copied.
 * No foreign key between lanes: InnoDB cascades stop at 15 levels, and
 * garbage collection deletes lanes explicitly.
 */
export const advancedLanes = mysqlTable(
  'advanced_lanes',
  {
    laneId: laneId('lane_id').autoincrement().primaryKey(),
    sessionId: utf8mb4Varchar255('session_id')
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    parentLaneId: laneId('parent_lane_id'),
    /** Inclusive upper bound on the parent's item ids this lane inherits. */
    parentBound: bigint('parent_bound', { mode: 'number', unsigned: true }),
    /** A compaction started the lane: the runner's replay history starts at its first item. */
    replayStart: boolean('replay_start').notNull().default(false),
    createdAt: datetime('created_at', { mode: 'string', fsp: 3 }).notNull().default(utcNow),
  },
  (table) => [index('advanced_lanes_parent_idx').on(table.parentLaneId, table.parentBound)],
);

/** Named branches of a session; `main` exists in every session, other ids are unique across the database. */
export const advancedBranches = mysqlTable(
  'advanced_branches',
  {
    // Creation order within a session (created_at can tie).
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    sessionId: utf8mb4Varchar255('session_id')
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    branchId: utf8mb4Varchar255('branch_id').notNull(),
    /** The branch id, NULL for `main`: unique, so a branch id names one branch of one session (MySQL has no partial index). */
    branchKey: utf8mb4Varchar255('branch_key').generatedAlwaysAs(sql`(if(\`branch_id\` = 'main', NULL, \`branch_id\`))`, { mode: 'stored' }),
    /** The lane this branch writes to (its newest history). */
    laneId: laneId('lane_id').notNull(),
    parentBranchId: utf8mb4Varchar255('parent_branch_id'),
    fromTurn: int('from_turn'),
    createdAt: datetime('created_at', { mode: 'string', fsp: 3 }).notNull().default(utcNow),
  },
  (table) => [
    uniqueIndex('advanced_branches_session_branch_unique').on(table.sessionId, table.branchId),
    uniqueIndex('advanced_branches_branch_key_unique').on(table.branchKey),
    index('advanced_branches_lane_idx').on(table.laneId),
  ],
);

/** One row per stored run and model: token counts attributed to a branch's turn. */
export const advancedTurnUsage = mysqlTable(
  'advanced_turn_usage',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    sessionId: utf8mb4Varchar255('session_id')
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    branchId: utf8mb4Varchar255('branch_id').notNull(),
    turn: int('turn').notNull(),
    runId: utf8mb4Varchar255('run_id').notNull(),
    model: utf8mb4Varchar255('model'),
    requests: bigint('requests', { mode: 'number' }).notNull(),
    inputTokens: bigint('input_tokens', { mode: 'number' }).notNull(),
    cachedInputTokens: bigint('cached_input_tokens', { mode: 'number' }).notNull(),
    outputTokens: bigint('output_tokens', { mode: 'number' }).notNull(),
    reasoningTokens: bigint('reasoning_tokens', { mode: 'number' }).notNull(),
    totalTokens: bigint('total_tokens', { mode: 'number' }).notNull(),
    /** JSON object: every input/output token detail summed by key. */
    inputTokensDetails: utf8mb4LongText('input_tokens_details').notNull(),
    outputTokensDetails: utf8mb4LongText('output_tokens_details').notNull(),
    createdAt: datetime('created_at', { mode: 'string', fsp: 3 }).notNull().default(utcNow),
  },
  (table) => [index('advanced_turn_usage_branch_turn_idx').on(table.sessionId, table.branchId, table.turn)],
);

/**
 * The model responses whose usage a branch holds, by key (see
 * `ResponseUsage`): storing a response again, in any process, adds nothing.
 */
export const advancedUsageResponses = mysqlTable(
  'advanced_usage_responses',
  {
    sessionId: utf8mb4Varchar255('session_id').notNull(),
    branchId: utf8mb4Varchar255('branch_id').notNull(),
    // Hex sha256.
    responseKey: char('response_key', { length: 64 }).notNull(),
    createdAt: datetime('created_at', { mode: 'string', fsp: 3 }).notNull().default(utcNow),
  },
  // Named here: the generated names would pass MySQL's 64-character limit.
  (table) => [
    primaryKey({ name: 'advanced_usage_responses_pk', columns: [table.sessionId, table.branchId, table.responseKey] }),
    foreignKey({ name: 'advanced_usage_responses_session_fk', columns: [table.sessionId], foreignColumns: [agentSessions.sessionId] }).onDelete('cascade'),
  ],
);

/** A JSON object per session, for `listSessions({ metadata })`. */
export const advancedSessionMetadata = mysqlTable(
  'advanced_session_metadata',
  {
    sessionId: utf8mb4Varchar255('session_id').primaryKey(),
    metadata: utf8mb4LongText('metadata').notNull(),
    updatedAt: datetime('updated_at', { mode: 'string', fsp: 3 }).notNull().default(utcNow),
  },
  // Named here: the generated name would pass MySQL's 64-character limit.
  (table) => [foreignKey({ name: 'advanced_metadata_session_fk', columns: [table.sessionId], foreignColumns: [agentSessions.sessionId] }).onDelete('cascade')],
);

/** Operation ids of applied history transactions (see @sessions/core); keyed by session first, they go with their session. */
export const agentSessionOperations = mysqlTable(
  OPERATIONS_TABLE,
  {
    sessionId: utf8mb4Varchar255(operationColumns.sessionId)
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    operationId: operationIdBytes(operationColumns.operationId).notNull(),
    // Hex sha256 of the transaction, so a retry is told from a different transaction under the same id.
    fingerprint: char(operationColumns.fingerprint, { length: 64 }).notNull(),
    createdAt: datetime(operationColumns.createdAt, { mode: 'string', fsp: 3 }).notNull().default(utcNow),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.operationId] })],
);

/** An encryption key id, or a wrapped data key (base64): ASCII text. */
const asciiVarchar = (length: number) =>
  customType<{ data: string; driverData: string }>({ dataType: () => `varchar(${length}) CHARACTER SET ascii COLLATE ascii_bin` });

/** Encryption at rest: each encrypted session's data key, wrapped by the user's key `key_id`; it goes with its session. */
export const agentSessionKeys = mysqlTable(SESSION_KEYS_TABLE, {
  sessionId: utf8mb4Varchar255(sessionKeyColumns.sessionId)
    .primaryKey()
    .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
  keyId: utf8mb4Varchar255(sessionKeyColumns.keyId).notNull(),
  wrappedKey: asciiVarchar(255)(sessionKeyColumns.wrappedKey).notNull(),
  createdAt: datetime(sessionKeyColumns.createdAt, { mode: 'string', fsp: 3 }).notNull().default(utcNow),
});
