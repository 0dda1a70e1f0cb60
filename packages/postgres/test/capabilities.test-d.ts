import {
  isSessionHistoryRewriteAwareSession,
  isSessionHistoryTransactionAwareSession,
  type Session,
  type SessionHistoryRewriteAwareSession,
  type SessionHistoryTransactionAwareSession,
} from '@openai/agents-core';
import type { HistoryAwareSession } from '@sessions/core';
import type { AdvancedPostgresSession, PostgresSession } from '@sessions/postgres';
import { expectTypeOf, test } from 'vitest';

test('PostgresSession is assignable to the runner capability interfaces of @openai/agents', () => {
  expectTypeOf<PostgresSession>().toExtend<Session>();
  expectTypeOf<PostgresSession>().toExtend<SessionHistoryTransactionAwareSession>();
  expectTypeOf<PostgresSession>().toExtend<SessionHistoryRewriteAwareSession>();
  expectTypeOf<PostgresSession>().toExtend<Required<Pick<Session, 'replaceHistoryWithCompaction'>>>();
  expectTypeOf<PostgresSession>().toExtend<HistoryAwareSession>();
});

test('AdvancedPostgresSession is assignable to the runner capability interfaces of @openai/agents', () => {
  expectTypeOf<AdvancedPostgresSession>().toExtend<Session>();
  expectTypeOf<AdvancedPostgresSession>().toExtend<SessionHistoryTransactionAwareSession>();
  expectTypeOf<AdvancedPostgresSession>().toExtend<SessionHistoryRewriteAwareSession>();
  expectTypeOf<AdvancedPostgresSession>().toExtend<Required<Pick<Session, 'replaceHistoryWithCompaction'>>>();
  expectTypeOf<AdvancedPostgresSession>().toExtend<HistoryAwareSession>();
});

test("the runner's type guards keep AdvancedPostgresSession's own type", () => {
  const session = {} as AdvancedPostgresSession;
  if (isSessionHistoryTransactionAwareSession(session)) expectTypeOf(session).toExtend<AdvancedPostgresSession>();
  if (isSessionHistoryRewriteAwareSession(session)) expectTypeOf(session.replaceHistoryWithCompaction).toBeFunction();
});
