import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentSession } from '@sessions/core';
import { MySQLSession } from '@sessions/mysql';
import { PostgresSession } from '@sessions/postgres';
import { SQLiteSession } from '@sessions/sqlite';
import { createDatabase, serverAvailable } from './servers.js';

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
  const database = await createDatabase(kind);
  return {
    kind,
    url: database.url,
    open: (id) => (kind === 'postgres' ? PostgresSession.fromUrl(id, { url: database.url }) : MySQLSession.fromUrl(id, { url: database.url })),
    drop: database.drop,
  };
}

/** Which kinds can run here: SQLite always, the servers when they answer (see serverAvailable). */
export async function availableKinds(): Promise<Kind[]> {
  const kinds: Kind[] = ['sqlite'];
  if (await serverAvailable('postgres')) kinds.push('postgres');
  if (await serverAvailable('mysql')) kinds.push('mysql');
  return kinds;
}
