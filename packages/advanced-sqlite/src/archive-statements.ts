import type { SqliteConnection, SqliteDatabase } from '@sessions/sqlite';
import type { Statement } from 'better-sqlite3';
import type { ArchivedUsage } from './archive-types.js';
import { prepareAdvancedStatements, type AdvancedStatements } from './statements.js';

const S = 'advanced_message_structure';

export interface ArchivedRow {
  id: number;
  data: string;
  createdAt: string;
}

/** The statements only the archive functions use: rows with their timestamps, and writing those timestamps back. */
function prepareArchiveStatements(db: SqliteDatabase) {
  return {
    sessionTimes: db.prepare(`SELECT created_at AS createdAt, updated_at AS updatedAt FROM agent_sessions WHERE session_id = ?`) as Statement<
      [string],
      { createdAt: string; updatedAt: string }
    >,
    rowsInLane: db.prepare(
      `SELECT m.id AS id, m.message_data AS data, m.created_at AS createdAt FROM ${S} s JOIN agent_messages m ON m.id = s.message_id
       WHERE s.lane_id = ? AND s.message_id <= ? ORDER BY s.message_id`,
    ) as Statement<[number, number], ArchivedRow>,
    usage: db.prepare(
      `SELECT branch_id AS branchId, turn, run_id AS runId, model, requests, input_tokens AS inputTokens,
         cached_input_tokens AS cachedInputTokens, output_tokens AS outputTokens, reasoning_tokens AS reasoningTokens,
         total_tokens AS totalTokens, input_tokens_details AS inputTokensDetails, output_tokens_details AS outputTokensDetails,
         created_at AS createdAt
       FROM advanced_turn_usage WHERE session_id = ? ORDER BY id`,
    ) as Statement<[string], ArchivedUsage>,
    insertUsage: db.prepare(
      `INSERT INTO advanced_turn_usage (session_id, branch_id, turn, run_id, model, requests, input_tokens, cached_input_tokens,
         output_tokens, reasoning_tokens, total_tokens, input_tokens_details, output_tokens_details, created_at)
       VALUES (@sessionId, @branchId, @turn, @runId, @model, @requests, @inputTokens, @cachedInputTokens,
         @outputTokens, @reasoningTokens, @totalTokens, @inputTokensDetails, @outputTokensDetails,
         COALESCE(@createdAt, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`,
    ) as Statement<[Record<string, unknown>]>,
    setSessionTimes: db.prepare(`UPDATE agent_sessions SET created_at = ?, updated_at = ? WHERE session_id = ?`) as Statement<[string, string, string]>,
    setItemTime: db.prepare(`UPDATE agent_messages SET created_at = ? WHERE id = ?`) as Statement<[string, number]>,
    setBranchOrigin: db.prepare(
      `UPDATE advanced_branches SET parent_branch_id = ?, from_turn = ?, created_at = COALESCE(?, created_at) WHERE session_id = ? AND branch_id = ?`,
    ) as Statement<[string | null, number | null, string | null, string, string]>,
  };
}

export type ArchiveStatements = ReturnType<typeof prepareArchiveStatements>;

export interface ArchiveState {
  /** The session statements, prepared here without migrating (reading never writes). */
  statements: AdvancedStatements;
  archive: ArchiveStatements;
}

const KEY = 'advanced-sqlite:archive';

/**
 * The archive's statements, once per connection. Preparing them does not
 * migrate: on a database without this package's tables it fails with
 * SQLite's "no such table".
 */
export function archiveState(connection: SqliteConnection): ArchiveState {
  let value = connection.state.get(KEY) as ArchiveState | undefined;
  if (!value) {
    value = { statements: prepareAdvancedStatements(connection.db), archive: prepareArchiveStatements(connection.db) };
    connection.state.set(KEY, value);
  }
  return value;
}
