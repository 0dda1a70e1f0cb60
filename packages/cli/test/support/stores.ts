import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentSession } from '@sessions/core';
import { MySQLSession } from '@sessions/mysql';
import { PostgresSession } from '@sessions/postgres';
import { SQLiteSession } from '@sessions/sqlite';
import { createThrowawayDatabase, requireServer } from '@sessions/test-servers';

export type Kind = 'sqlite' | 'postgres' | 'mysql';

/** A fresh, empty store of one kind: a temp file or a database of this run's own. */
export interface TestStore {
  kind: Kind;
  url: string;
  open(sessionId: string): AgentSession;
  drop(): Promise<void>;
}

export async function freshStore(kind: Kind): Promise<TestStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sessions-cli-'));
    const url = join(dir, 'sessions.db');
    return {
      kind,
      url,
      open: (id) => new SQLiteSession(id, { path: url }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = await createThrowawayDatabase(kind, 'cli');
  return {
    kind,
    url: database.url,
    open: (id) => (kind === 'postgres' ? PostgresSession.fromUrl(id, { url: database.url }) : MySQLSession.fromUrl(id, { url: database.url })),
    drop: database.drop,
  };
}

/** Which kinds can run here: SQLite always, the servers when they answer (see requireServer: a loud skip, or a failure under CI=true). */
export async function availableKinds(): Promise<Kind[]> {
  const kinds: Kind[] = ['sqlite'];
  if (await requireServer('postgres', '@sessions/cli postgres tests')) kinds.push('postgres');
  if (await requireServer('mysql', '@sessions/cli mysql tests')) kinds.push('mysql');
  return kinds;
}
