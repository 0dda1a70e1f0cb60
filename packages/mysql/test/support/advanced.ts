import { Usage, type ModelResponse } from '@openai/agents';
import { assistantMessage } from '@openai/agents-core/testing';
import type { AgentSession, SessionItem } from '@sessions/core';
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

export const user = (text: string): SessionItem => ({ type: 'message', role: 'user', content: text });
export const assistant = (text: string): SessionItem => ({
  type: 'message',
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'output_text', text }],
});

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
