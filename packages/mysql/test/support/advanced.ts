import type { AgentSession } from '@sessions/core';
import { AdvancedMySQLSession, migrate, type AdvancedMySQLSessionOptions } from '@sessions/mysql';
import { createPool, type Pool } from 'mysql2/promise';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../mysql-server.js';

/**
 * One migrated throwaway database per test file; after each test every
 * session object opened is closed and every session deleted (branch names
 * are unique across the database, so tests must not see each other's).
 */
export function useMySQLDatabase(): {
  url(): string;
  pool(): Pool;
  open(id: string, options?: Partial<AdvancedMySQLSessionOptions>): AdvancedMySQLSession;
  track<T extends AgentSession>(session: T): T;
} {
  let database: TestDatabase | undefined;
  let pool: Pool | undefined;
  const open: AgentSession[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate({ url: database.url });
    pool = createPool({ uri: database.url, connectionLimit: 4 });
  });
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((s) => s.close()));
    await pool?.query('DELETE FROM agent_sessions');
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });
  const url = () => database!.url;
  return {
    url,
    pool: () => pool!,
    open(id, options) {
      const session = AdvancedMySQLSession.fromUrl(id, { url: url(), ...options });
      open.push(session);
      return session;
    },
    track(session) {
      open.push(session);
      return session;
    },
  };
}

export { reply, user, assistant, texts, inputOf } from '@sessions/conformance';
