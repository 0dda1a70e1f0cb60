import { Usage, type ModelResponse } from '@openai/agents';
import { assistantMessage } from '@openai/agents-core/testing';
import type { AgentSession, SessionItem } from '@sessions/core';
import { AdvancedPostgresSession, type AdvancedPostgresSessionOptions } from '@sessions/postgres';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createMigratedDatabase, testPool, type TestDatabase } from '../database.js';

export type OpenOptions = Omit<AdvancedPostgresSessionOptions, 'pool' | 'db' | 'url'>;

/**
 * A migrated database of its own for the enclosing describe block (call it
 * inside a `describe.runIf(serverAvailable)`), emptied after every test, with
 * every session opened on it closed after every test.
 */
export function useAdvancedDatabase(label: string): {
  url(): string;
  pool(): pg.Pool;
  open(id: string, options?: OpenOptions): AdvancedPostgresSession;
  track<T extends AgentSession>(session: T): T;
} {
  let database: TestDatabase | undefined;
  let pool: pg.Pool | undefined;
  const opened: AgentSession[] = [];
  beforeAll(async () => {
    database = await createMigratedDatabase(label);
    pool = testPool(database.url);
  });
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((s) => s.close()));
    await pool?.query('TRUNCATE agent_sessions, advanced_branch_handles CASCADE');
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });
  const track = <T extends AgentSession>(session: T): T => {
    opened.push(session);
    return session;
  };
  return {
    url: () => database!.url,
    pool: () => pool!,
    open: (id, options) => track(new AdvancedPostgresSession(id, { pool: pool!, ...options })),
    track,
  };
}

/** A scripted model response with token counts and, optionally, the model name the OpenAI providers report. */
export function reply(
  text: string,
  tokens: { input?: number; cached?: number; output?: number; reasoning?: number; model?: string } = {},
): ModelResponse {
  const inputTokens = tokens.input ?? 100;
  const outputTokens = tokens.output ?? 20;
  return {
    output: [assistantMessage(text)],
    usage: new Usage({
      requests: 1,
      inputTokens,
      outputTokens,
      totalTokens: inputTokens + outputTokens,
      inputTokensDetails: { cached_tokens: tokens.cached ?? 0 },
      outputTokensDetails: { reasoning_tokens: tokens.reasoning ?? 0 },
    }),
    ...(tokens.model ? { providerData: { model: tokens.model } } : {}),
  };
}

export { userMessage as user, assistantMessage as assistant } from '@sessions/conformance';

/** The user/assistant texts of items, for compact assertions. */
export function texts(items: SessionItem[]): string[] {
  return items.map((item) => {
    const content = (item as { content?: unknown }).content;
    if (typeof content === 'string') return content;
    if (Array.isArray(content)) return (content as { text?: string }[]).map((c) => c.text ?? '').join('');
    return (item as { type?: string }).type ?? '?';
  });
}

/** The model input of a recorded ScriptedModel call, as JSON text. */
export function inputOf(call: { request: { input: unknown } } | undefined): string {
  return JSON.stringify(call?.request.input);
}
