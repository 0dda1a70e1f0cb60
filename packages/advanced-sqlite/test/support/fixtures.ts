import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Usage, type ModelResponse } from '@openai/agents';
import { assistantMessage } from '@openai/agents-core/testing';
import { AdvancedSQLiteSession, type AdvancedSQLiteSessionOptions } from '@sessions/advanced-sqlite';
import type { AgentSession, SessionItem } from '@sessions/core';
import { afterEach } from 'vitest';

/** A fresh database file per test, and every session opened on it closed afterwards. */
export function useDatabaseFile(prefix = 'sessions-advanced-'): {
  path(): string;
  open(id: string, options?: AdvancedSQLiteSessionOptions): AdvancedSQLiteSession;
  track<T extends AgentSession>(session: T): T;
} {
  let dir: string | undefined;
  const open: AgentSession[] = [];
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((s) => s.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const path = () => {
    dir ??= mkdtempSync(join(tmpdir(), prefix));
    return join(dir, 'sessions.db');
  };
  return {
    path,
    open(id, options) {
      const session = new AdvancedSQLiteSession(id, { path: path(), ...options });
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
