import type { AdvancedRawAccess, AdvancedTable } from '@sessions/conformance';
import type { Pool, RowDataPacket } from 'mysql2/promise';

// Items and their structure share agent_messages: the structure rows are the items with a lane.
const COUNTS: Record<AdvancedTable, string> = {
  messages: 'SELECT COUNT(*) AS n FROM agent_messages',
  structure: 'SELECT COUNT(*) AS n FROM agent_messages WHERE lane_id IS NOT NULL',
  lanes: 'SELECT COUNT(*) AS n FROM advanced_lanes',
  branches: 'SELECT COUNT(*) AS n FROM advanced_branches',
  metadata: 'SELECT COUNT(*) AS n FROM advanced_session_metadata',
  usage: 'SELECT COUNT(*) AS n FROM advanced_turn_usage',
};

/**
 * The advanced conformance suite's direct access to the tables, through
 * `pool`. `prefix` goes before each read (on a Galera cluster: the wait for
 * writes committed through the other nodes).
 */
export function advancedRawAccess(pool: () => Pool, prefix = ''): AdvancedRawAccess {
  const read = async (sql: string) => (await pool().query<RowDataPacket[]>(prefix + sql))[0];
  return {
    async count(table) {
      return Number((await read(COUNTS[table]))[0]!.n);
    },
    async usageRows() {
      const rows = await read(
        `SELECT branch_id AS branchId, turn, model, requests, input_tokens AS inputTokens, output_tokens AS outputTokens
         FROM advanced_turn_usage ORDER BY id`,
      );
      return rows.map((row) => ({
        branchId: String(row.branchId),
        turn: Number(row.turn),
        model: (row.model as string | null) ?? null,
        requests: Number(row.requests),
        inputTokens: Number(row.inputTokens),
        outputTokens: Number(row.outputTokens),
      }));
    },
    async setCreatedAt(dates) {
      for (const [id, at] of Object.entries(dates)) {
        await pool().query('UPDATE agent_sessions SET created_at = ? WHERE session_id = ?', [new Date(at).toISOString().slice(0, 23).replace('T', ' '), id]);
      }
    },
  };
}
