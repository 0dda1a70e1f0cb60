import Database from 'better-sqlite3';

/** Runs one query on a SQLite file opened read-only: the tests read what the store holds directly. */
export function query<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Every stored item of a session id (all branches), oldest first. */
export function storedItems(file: string, sessionId: string): Record<string, unknown>[] {
  return query<{ data: string }>(file, 'SELECT message_data AS data FROM agent_messages WHERE session_id = ? ORDER BY id', sessionId).map(
    (row) => JSON.parse(row.data) as Record<string, unknown>,
  );
}
