import { randomUUID } from 'node:crypto';
import {
  MAIN_BRANCH,
  type AgentSession,
  type OpenStoreSessionOptions,
  type SessionStore,
  type StoreArchive,
  type StoreArchiveInput,
  type StoreListOptions,
  type StoreSessionSummary,
} from '@sessions/core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { StoreConformanceTarget } from './store-target.js';

/** What every store-contract case shares: the store, fresh ids and owners, archives to write. */
export class StoreHarness {
  readonly target: StoreConformanceTarget;
  #store: SessionStore | undefined;
  readonly #sessions: AgentSession[] = [];

  constructor(target: StoreConformanceTarget) {
    this.target = target;
  }

  install(): void {
    beforeAll(async () => {
      await this.target.setup?.();
      this.#store = await this.target.openStore();
      await this.#store.migrate();
    });
    afterEach(async () => {
      await Promise.allSettled(this.#sessions.splice(0).map((s) => s.close()));
    });
    afterAll(async () => {
      await this.#store?.close();
      await this.target.teardown?.();
    });
  }

  get store(): SessionStore {
    if (!this.#store) throw new Error(`${this.target.name}: the store is not open (setup failed?)`);
    return this.#store;
  }

  get advanced(): boolean {
    return this.store.capabilities.advanced;
  }

  id(label = 'case'): string {
    return `store-${label}-${randomUUID()}`;
  }

  /** An owner no other case uses, so listings by owner see only this case's sessions. */
  owner(): string {
    return `owner-${randomUUID()}`;
  }

  /** A session object on the store, closed after the case. */
  open(sessionId: string, owner?: string): AgentSession {
    return this.openWith(sessionId, owner === undefined ? {} : { owner });
  }

  /** A session object opened with these options, closed after the case. */
  openWith(sessionId: string, options: OpenStoreSessionOptions): AgentSession {
    const session = this.store.openSession(sessionId, options);
    this.#sessions.push(session);
    return session;
  }

  /** A main-only archive: `count` items, a second apart from `at`. */
  plainArchive(sessionId: string, options: { owner?: string | null; count?: number; at?: string; updatedAt?: string } = {}): StoreArchiveInput {
    const at = Date.parse(options.at ?? '2024-03-04T05:06:07.125Z');
    const count = options.count ?? 3;
    const items = Array.from({ length: count }, (_, i) => ({
      data: JSON.stringify(i % 2 === 0 ? { role: 'user', content: `question ${i} ✓ 🦄 \u0000` } : { role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: `answer ${i}` }] }),
      createdAt: new Date(at + (i + 1) * 1000).toISOString(),
    }));
    return {
      sessionId,
      owner: options.owner ?? null,
      createdAt: new Date(at).toISOString(),
      updatedAt: options.updatedAt ?? new Date(at + (count + 1) * 1000).toISOString(),
      metadata: null,
      branches: count === 0 ? [] : [{ branchId: MAIN_BRANCH, parentBranchId: null, fromTurn: null, createdAt: new Date(at).toISOString(), items }],
      usage: [],
    };
  }

  /** Every page of a listing, concatenated. */
  async listAll(options: StoreListOptions): Promise<StoreSessionSummary[]> {
    const all: StoreSessionSummary[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10_000; pages++) {
      const page = await this.store.listSessions({ ...options, cursor });
      all.push(...page.sessions);
      if (page.nextCursor === undefined) return all;
      cursor = page.nextCursor;
    }
    throw new Error('listSessions never ended');
  }
}

/** The same instant, whatever precision and spelling a store gives it. */
export function sameInstant(actual: string, expected: string): void {
  expect(Date.parse(actual), `${actual} vs ${expected}`).toBe(Date.parse(expected));
}

/** An archive as values to compare: item JSON parsed, times as epoch milliseconds. */
export function comparable(archive: StoreArchive | StoreArchiveInput) {
  const time = (t: string | undefined) => (t === undefined ? undefined : Date.parse(t));
  return {
    sessionId: archive.sessionId,
    owner: archive.owner ?? null,
    createdAt: time(archive.createdAt),
    updatedAt: time(archive.updatedAt),
    metadata: archive.metadata ?? null,
    branches: archive.branches.map((b) => ({
      branchId: b.branchId,
      parentBranchId: b.branchId === MAIN_BRANCH ? null : b.parentBranchId,
      fromTurn: b.branchId === MAIN_BRANCH ? null : b.fromTurn,
      createdAt: time(b.createdAt),
      items: b.items.map((item) => ({ item: JSON.parse(item.data) as unknown, createdAt: time(item.createdAt) })),
    })),
    usage: archive.usage.map((row) => ({
      ...row,
      inputTokensDetails: JSON.parse(row.inputTokensDetails) as unknown,
      outputTokensDetails: JSON.parse(row.outputTokensDetails) as unknown,
      createdAt: time(row.createdAt),
    })),
  };
}

/**
 * A session with everything an advanced store holds: `main` with two turns,
 * a branch asking turn 2 differently, a branch continuing that one, usage
 * rows on two branches and metadata. Branch ids are unique per call.
 */
export function advancedArchive(sessionId: string, owner: string | null): StoreArchiveInput {
  const tag = randomUUID().slice(0, 8);
  const t = (second: number) => new Date(Date.parse('2023-06-07T08:09:10.250Z') + second * 1000).toISOString();
  const item = (value: object, second: number) => ({ data: JSON.stringify(value), createdAt: t(second) });
  const user = (text: string, s: number) => item({ role: 'user', content: text }, s);
  const assistant = (text: string, s: number) => item({ role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] }, s);
  const call = (s: number) => item({ type: 'function_call', callId: `call-${tag}`, name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' }, s);
  const result = (s: number) =>
    item({ type: 'function_call_result', callId: `call-${tag}`, name: 'get_weather', status: 'completed', output: { type: 'text', text: 'Sunny' } }, s);
  const turn1 = [user('What is the weather in Paris?', 1), call(2), result(3), assistant('Sunny in Paris.', 4)];
  const main = [...turn1, user('And tomorrow?', 5), assistant('Rain tomorrow.', 6)];
  const alt = [...turn1, user('And in Rome?', 20), assistant('Warm in Rome.', 21)];
  const deeper = [...alt, user('Pack for both?', 30), assistant('An umbrella and sunglasses.', 31)];
  const usage = (branchId: string, turn: number, runId: string, s: number) => ({
    branchId,
    turn,
    runId,
    model: 'gpt-4.1',
    requests: 2,
    inputTokens: 280,
    cachedInputTokens: 40,
    outputTokens: 40,
    reasoningTokens: 0,
    totalTokens: 320,
    inputTokensDetails: '{"cached_tokens":40}',
    outputTokensDetails: '{"reasoning_tokens":0}',
    createdAt: t(s),
  });
  return {
    sessionId,
    owner,
    createdAt: t(0),
    updatedAt: t(40),
    metadata: { tier: 'gold', seats: 3, beta: true, note: null },
    branches: [
      { branchId: MAIN_BRANCH, parentBranchId: null, fromTurn: null, createdAt: t(0), items: main },
      { branchId: `alt-${tag}`, parentBranchId: MAIN_BRANCH, fromTurn: 2, createdAt: t(10), items: alt },
      { branchId: `deeper-${tag}`, parentBranchId: `alt-${tag}`, fromTurn: null, createdAt: t(25), items: deeper },
    ],
    usage: [usage(MAIN_BRANCH, 1, `run-${tag}-1`, 4), usage(`alt-${tag}`, 2, `run-${tag}-2`, 21), usage(`deeper-${tag}`, 3, `run-${tag}-3`, 31)],
  };
}
