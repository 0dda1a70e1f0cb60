import type { AgentSession, SessionStore } from '@sessions/core';

export const STORE_KINDS = ['sqlite', 'advanced-sqlite', 'postgres', 'mysql'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface SessionSummary {
  sessionId: string;
  createdAt: string;
  updatedAt: string;
  itemCount: number;
  /** Branches, `main` included, on stores that branch. */
  branchCount?: number;
}

/** One store the demo talks to: a way to open session objects on it, and to list what it holds. */
export interface DemoStore {
  readonly kind: StoreKind;
  /** Where the data lives, for people: a file path or a URL without its password. */
  readonly location: string;
  /** The flags that make another demo process open this same store (`--store`, `--db` or `--url`). */
  readonly flags: string[];
  /** A new session object each call, as a new process would create. */
  open(sessionId: string): AgentSession;
  listSessions(): Promise<SessionSummary[]>;
  /** Ends what the store opened (pools, files); sessions opened from it must be closed first. */
  close(): Promise<void>;
}

/** A demo store on the store contract: sessions from `openSession`, the listing from `listSessions`. */
export function contractStore(kind: StoreKind, store: SessionStore, flags: string[]): DemoStore {
  return {
    kind,
    location: store.location,
    flags,
    open: (sessionId) => store.openSession(sessionId),
    listSessions: async () =>
      (await store.listSessions({ limit: 100 })).sessions.map((s) => ({
        sessionId: s.sessionId,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        itemCount: s.itemCount,
        ...(store.capabilities.advanced ? { branchCount: s.branchCount } : {}),
      })),
    close: () => store.close(),
  };
}
