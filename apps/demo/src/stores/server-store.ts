// TEMPORARY: shared by postgres-store.ts and mysql-store.ts until the server packages export openSessionStore; delete then.
import { redactUrl, type AgentSession, type SessionPage } from '@sessions/core';
import type { DemoStore, StoreKind } from './demo-store.js';

/** What differs between the PostgreSQL and MySQL stores: how sessions, migrations and listings reach the pool. */
export interface ServerStoreParts {
  kind: Extract<StoreKind, 'postgres' | 'mysql'>;
  url: string;
  migrate: (() => Promise<unknown>) | undefined;
  open: (sessionId: string) => AgentSession;
  listSessions: () => Promise<SessionPage>;
  endPool: () => Promise<void>;
}

/** A server store on one pool shared by every session the demo opens; the pool ends if migrating fails. */
export async function serverStore(parts: ServerStoreParts): Promise<DemoStore> {
  try {
    await parts.migrate?.();
  } catch (error) {
    await parts.endPool();
    throw error;
  }
  return {
    kind: parts.kind,
    location: redactUrl(parts.url),
    flags: ['--store', parts.kind, '--url', parts.url],
    open: parts.open,
    listSessions: async () =>
      (await parts.listSessions()).sessions.map((s) => ({
        sessionId: s.sessionId,
        createdAt: s.createdAt.toISOString(),
        updatedAt: s.updatedAt.toISOString(),
        itemCount: s.itemCount,
      })),
    close: parts.endPool,
  };
}
