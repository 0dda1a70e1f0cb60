import { Usage, type ModelResponse } from '@openai/agents';
import { assistantMessage } from '@openai/agents-core/testing';
import type { AdvancedSessionBase, AdvancedSessionOptions, SessionItem } from '@sessions/core';
import { afterEach, beforeEach } from 'vitest';
import type { AdvancedConformanceTarget, AdvancedRawAccess, AdvancedStoreUnderTest } from './target.js';

/** What a case works with: a fresh store, and every session opened on it closed afterwards. */
export interface AdvancedCaseStore {
  open(sessionId: string, options?: AdvancedSessionOptions): AdvancedSessionBase;
  readonly raw: AdvancedRawAccess;
}

/** Registers the hooks that give every case of the calling `describe` a fresh store. */
export function useAdvancedStore(target: AdvancedConformanceTarget): AdvancedCaseStore {
  let store: AdvancedStoreUnderTest | undefined;
  const open: AdvancedSessionBase[] = [];
  beforeEach(async () => {
    store = await target.newStore();
  });
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((s) => s.close()));
    await store?.drop();
    store = undefined;
  });
  const current = (): AdvancedStoreUnderTest => {
    if (!store) throw new Error('no store: open sessions inside a test case');
    return store;
  };
  return {
    open(sessionId, options) {
      const session = current().open(sessionId, options);
      open.push(session);
      return session;
    },
    get raw() {
      return current().raw;
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

/** `count` turns of a user question and an assistant answer. */
export function turns(count: number, tag = 't'): SessionItem[] {
  return Array.from({ length: count }, (_, i) => [user(`${tag}${i + 1} q`), assistant(`${tag}${i + 1} a`)]).flat();
}

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

export async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** A tool the scripted model can call, with a JSON-schema parameter list (no schema library needed). */
export function stringParameters(...names: string[]) {
  return {
    type: 'object' as const,
    properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])),
    required: names,
    additionalProperties: false as const,
  };
}
