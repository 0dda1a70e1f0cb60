import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';

/** Every session's items as stored, read straight from the tables (not through the CLI). */
export type RawDump = Map<string, unknown[]>;

function group(rows: { session_id: string; message_data: string }[]): RawDump {
  const dump: RawDump = new Map();
  for (const row of rows) {
    const items = dump.get(row.session_id) ?? [];
    items.push(JSON.parse(row.message_data));
    dump.set(row.session_id, items);
  }
  return dump;
}

export async function rawItems(store: { kind: 'sqlite' | 'postgres' | 'mysql'; url: string }): Promise<{ dump: RawDump; sessions: string[] }> {
  if (store.kind === 'sqlite') {
    const db = new Database(store.url, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT session_id, message_data FROM agent_messages ORDER BY id').all() as { session_id: string; message_data: string }[];
      const sessions = (db.prepare('SELECT session_id FROM agent_sessions ORDER BY session_id').all() as { session_id: string }[]).map((r) => r.session_id);
      return { dump: group(rows), sessions };
    } finally {
      db.close();
    }
  }
  if (store.kind === 'postgres') {
    const client = new pg.Client({ connectionString: store.url });
    await client.connect();
    try {
      const rows = (await client.query('SELECT session_id, message_data FROM agent_messages ORDER BY id')).rows;
      const sessions = (await client.query('SELECT session_id FROM agent_sessions ORDER BY session_id')).rows.map((r) => r.session_id as string);
      return { dump: group(rows), sessions };
    } finally {
      await client.end();
    }
  }
  const connection = await mysql.createConnection({ uri: store.url });
  try {
    const [rows] = await connection.query('SELECT session_id, message_data FROM agent_messages ORDER BY id');
    const [sessionRows] = await connection.query('SELECT session_id FROM agent_sessions ORDER BY session_id');
    return { dump: group(rows as { session_id: string; message_data: string }[]), sessions: (sessionRows as { session_id: string }[]).map((r) => r.session_id) };
  } finally {
    await connection.end();
  }
}

/** An advanced-sqlite session as its own API reads it: every branch's items, branch origins, usage rows, metadata. */
export async function rawAdvancedSession(path: string, sessionId: string) {
  const session = new AdvancedSQLiteSession(sessionId, { path });
  try {
    const branches = await session.listBranches();
    const histories: Record<string, unknown> = {};
    for (const branch of branches) {
      await session.switchToBranch(branch.branchId);
      histories[branch.branchId] = {
        items: await session.getItems(),
        parentBranchId: branch.parentBranchId,
        fromTurn: branch.fromTurn,
        userTurns: branch.userTurns,
      };
    }
    const db = new Database(path, { readonly: true });
    try {
      const usage = db
        .prepare(
          'SELECT branch_id, turn, run_id, model, requests, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, total_tokens, input_tokens_details, output_tokens_details, created_at FROM advanced_turn_usage WHERE session_id = ? ORDER BY id',
        )
        .all(sessionId);
      return { histories, usage, metadata: await session.getMetadata() };
    } finally {
      db.close();
    }
  } finally {
    await session.close();
  }
}
