import type { Session, SessionHistoryRewriteAwareSession, SessionHistoryTransactionAwareSession } from '@openai/agents-core';
import { MemorySession, type AgentSession, type HistoryAwareSession } from '@sessions/core';
import { expectTypeOf, test } from 'vitest';

test('every session of ours is assignable to the @openai/agents Session interface', () => {
  expectTypeOf<AgentSession>().toExtend<Session>();
  expectTypeOf<MemorySession>().toExtend<Session>();
});

test('getItems and addItems speak AgentInputItem', () => {
  expectTypeOf<Awaited<ReturnType<AgentSession['getItems']>>>().toEqualTypeOf<
    Awaited<ReturnType<Session['getItems']>>
  >();
  expectTypeOf<Parameters<AgentSession['addItems']>[0]>().toEqualTypeOf<Parameters<Session['addItems']>[0]>();
});

test('MemorySession and every HistoryAwareSession are assignable to the runner capability interfaces', () => {
  expectTypeOf<MemorySession>().toExtend<SessionHistoryTransactionAwareSession>();
  expectTypeOf<MemorySession>().toExtend<SessionHistoryRewriteAwareSession>();
  expectTypeOf<HistoryAwareSession>().toExtend<SessionHistoryTransactionAwareSession>();
  expectTypeOf<HistoryAwareSession>().toExtend<SessionHistoryRewriteAwareSession>();
  expectTypeOf<HistoryAwareSession>().toExtend<Required<Pick<Session, 'replaceHistoryWithCompaction'>>>();
});
