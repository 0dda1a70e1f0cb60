import { randomUUID } from 'node:crypto';
import type { AgentSession, SessionItem } from '@sessions/core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { assistantMessage, userMessage } from './items.js';
import type { ConformanceTarget, CreateSessionOptions } from './target.js';

/** A session handed to a case, with the history it starts with. */
export interface SessionUnderTest {
  session: AgentSession;
  /** The id that reaches this history through `target.createSession`. */
  id: string;
  /** Items the session already holds when the case starts (inherited history on a branch, else none). */
  inherited: SessionItem[];
}

export type SuiteMode = 'plain' | 'branch';

/**
 * Gives each case fresh, isolated sessions and closes them afterwards. In
 * `branch` mode every session is a branch forked from a main history, so the
 * same cases check the contract on branches.
 */
export class Harness {
  readonly target: ConformanceTarget;
  readonly mode: SuiteMode;
  readonly #open: AgentSession[] = [];
  readonly #mainChecks: { id: string; items: SessionItem[] }[] = [];

  constructor(target: ConformanceTarget, mode: SuiteMode) {
    this.target = target;
    this.mode = mode;
  }

  /** Registers the vitest hooks; call once inside the suite's `describe`. */
  install(): void {
    beforeAll(async () => {
      await this.target.setup?.();
    });
    afterEach(async () => {
      await this.#verifyMainUntouched();
      const sessions = this.#open.splice(0);
      await Promise.allSettled(sessions.map((s) => s.close()));
    });
    afterAll(async () => {
      await this.target.teardown?.();
    });
  }

  newId(label = 'case'): string {
    return `conformance-${label}-${randomUUID()}`;
  }

  /** A new object on the store for `id`; closed after the case. */
  async connect(id: string, options?: CreateSessionOptions): Promise<AgentSession> {
    const session = await this.target.createSession(id, options);
    this.#open.push(session);
    return session;
  }

  /** A fresh session; in branch mode, a branch of a two-turn main history. */
  async open(options?: CreateSessionOptions, label?: string): Promise<SessionUnderTest> {
    const id = this.newId(label);
    const session = await this.connect(id, options);
    if (this.mode === 'plain') return { session, id, inherited: [] };

    const branching = this.target.capabilities?.branching;
    if (!branching) throw new Error(`${this.target.name}: branch mode needs capabilities.branching`);
    const inherited = [userMessage('main turn 1'), assistantMessage('main answer 1'), userMessage('main turn 2'), assistantMessage('main answer 2')];
    await session.addItems(inherited);
    const branchId = await branching.fork(session);
    this.#mainChecks.push({ id, items: inherited });
    return { session, id: branchId, inherited };
  }

  /** Whatever a case did on a branch, main must still return exactly what it held. */
  async #verifyMainUntouched(): Promise<void> {
    const checks = this.#mainChecks.splice(0);
    for (const { id, items } of checks) {
      const main = await this.target.createSession(id);
      try {
        const stored = await main.getItems();
        if (JSON.stringify(stored) !== JSON.stringify(items)) {
          throw new Error(`branch operations changed main history of ${id}: ${JSON.stringify(stored).slice(0, 400)}`);
        }
      } finally {
        await main.close();
      }
    }
  }
}
