import {
  isSessionHistoryRewriteAwareSession,
  isSessionHistoryTransactionAwareSession,
  type Session,
  type SessionHistoryRewriteAwareSession,
  type SessionHistoryTransactionAwareSession,
} from '@openai/agents-core';
import type { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';
import type { AdvancedSessionBase, HistoryAwareSession } from '@sessions/core';
import { expectTypeOf, test } from 'vitest';

test('AdvancedSQLiteSession is assignable to the runner capability interfaces of @openai/agents', () => {
  expectTypeOf<AdvancedSQLiteSession>().toExtend<Session>();
  expectTypeOf<AdvancedSQLiteSession>().toExtend<SessionHistoryTransactionAwareSession>();
  expectTypeOf<AdvancedSQLiteSession>().toExtend<SessionHistoryRewriteAwareSession>();
  expectTypeOf<AdvancedSQLiteSession>().toExtend<Required<Pick<Session, 'replaceHistoryWithCompaction'>>>();
  expectTypeOf<AdvancedSQLiteSession>().toExtend<HistoryAwareSession>();
});

test('every advanced store has the capabilities through AdvancedSessionBase', () => {
  expectTypeOf<AdvancedSessionBase>().toExtend<SessionHistoryTransactionAwareSession>();
  expectTypeOf<AdvancedSessionBase>().toExtend<SessionHistoryRewriteAwareSession>();
  expectTypeOf<AdvancedSessionBase>().toExtend<HistoryAwareSession>();
});

test("the runner's type guards keep AdvancedSQLiteSession's own type", () => {
  const session = {} as AdvancedSQLiteSession;
  if (isSessionHistoryTransactionAwareSession(session)) expectTypeOf(session).toExtend<AdvancedSQLiteSession>();
  if (isSessionHistoryRewriteAwareSession(session)) expectTypeOf(session.replaceHistoryWithCompaction).toBeFunction();
});
