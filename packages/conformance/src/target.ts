import type { AgentSession, SessionItem, SessionSettings } from '@sessions/core';

/** Options the suite passes when it asks for a session. */
export interface CreateSessionOptions {
  sessionSettings?: SessionSettings | undefined;
}

/**
 * What the suite reads straight from a backend's tables, bypassing the
 * adapter's own read path, to check that writes really landed.
 */
export interface RawStorageReader {
  /** The session's stored items in stored order, parsed from the raw rows. */
  items(sessionId: string): Promise<SessionItem[]>;
  /** Whether the store holds a session row for this id. */
  sessionExists(sessionId: string): Promise<boolean>;
}

/** Hooks for stores whose sessions can branch (see `@sessions/advanced-sqlite`). */
export interface BranchingCapability {
  /**
   * Moves `session` onto a new branch that holds all of its current history,
   * and returns the new branch's id. Called after some history was written.
   */
  fork(session: AgentSession): Promise<string>;
  /** Moves `session` back to its main branch. */
  switchToMain(session: AgentSession): Promise<void>;
}

/** How a child process opens sessions of the store, for the cases that kill processes. */
export interface ProcessCapability {
  /**
   * A module exporting `openSession(sessionId: string): AgentSession`, which
   * finds the store through the variables `env()` returns. A `.ts` module is
   * loaded with tsx; a published suite runs `.js` modules with plain node.
   */
  sessionModule: URL;
  /** Environment variables telling `sessionModule` where the store is; called after `setup`. */
  env(): Record<string, string>;
  /** How many child processes the compaction crash case kills (default 50). */
  crashRuns?: number | undefined;
}

/** One backend under test: an initializer in the langgraph sense. */
export interface ConformanceTarget {
  /** Shown in test names, e.g. `sqlite (file)`. */
  name: string;
  /** Prepares the shared store (create a temp file, a schema of its own, ...). */
  setup?(): Promise<void>;
  /** Drops what `setup` made. */
  teardown?(): Promise<void>;
  /**
   * A new session object on the shared store. Two calls with one id must
   * reach the same history, like two processes on one database.
   */
  createSession(sessionId: string, options?: CreateSessionOptions): Promise<AgentSession> | AgentSession;
  /** Raw reads of the backend's storage; omit for stores without tables. */
  raw?: RawStorageReader | undefined;
  capabilities?: {
    branching?: BranchingCapability | undefined;
    /** Skip the `@openai/agents` runner cases (only for stores that cannot run them). */
    skipRunner?: boolean | undefined;
    /**
     * The sessions implement the runner's optional history capabilities
     * (`applyHistoryTransaction`, `applyHistoryMutations`,
     * `replaceHistoryWithCompaction`): their cases run, and the runner
     * scenarios must store what the SDK's own `MemorySession` stores. Without
     * it those cases are skipped, and the suite checks the sessions really
     * lack the capabilities.
     */
    historyCapabilities?: boolean | undefined;
    /** Child processes can open sessions of this store (see `ProcessCapability`). */
    processes?: ProcessCapability | undefined;
  };
}
