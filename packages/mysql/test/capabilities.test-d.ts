import {
  isSessionHistoryRewriteAwareSession,
  isSessionHistoryTransactionAwareSession,
  type Session,
  type SessionHistoryRewriteAwareSession,
  type SessionHistoryTransactionAwareSession,
} from '@openai/agents-core';
import type { HistoryAwareSession } from '@sessions/core';
import type { AdvancedMySQLSession, MySQLSession } from '@sessions/mysql';
import { expectTypeOf, test } from 'vitest';

test('MySQLSession is assignable to the runner capability interfaces of @openai/agents', () => {
  expectTypeOf<MySQLSession>().toExtend<Session>();
  expectTypeOf<MySQLSession>().toExtend<SessionHistoryTransactionAwareSession>();
  expectTypeOf<MySQLSession>().toExtend<SessionHistoryRewriteAwareSession>();
  expectTypeOf<MySQLSession>().toExtend<Required<Pick<Session, 'replaceHistoryWithCompaction'>>>();
  expectTypeOf<MySQLSession>().toExtend<HistoryAwareSession>();
});

test('AdvancedMySQLSession is assignable to the runner capability interfaces of @openai/agents', () => {
  expectTypeOf<AdvancedMySQLSession>().toExtend<Session>();
  expectTypeOf<AdvancedMySQLSession>().toExtend<SessionHistoryTransactionAwareSession>();
  expectTypeOf<AdvancedMySQLSession>().toExtend<SessionHistoryRewriteAwareSession>();
  expectTypeOf<AdvancedMySQLSession>().toExtend<Required<Pick<Session, 'replaceHistoryWithCompaction'>>>();
  expectTypeOf<AdvancedMySQLSession>().toExtend<HistoryAwareSession>();
});

test("the runner's type guards keep AdvancedMySQLSession's own type", () => {
  const session = {} as AdvancedMySQLSession;
  if (isSessionHistoryTransactionAwareSession(session)) expectTypeOf(session).toExtend<AdvancedMySQLSession>();
  if (isSessionHistoryRewriteAwareSession(session)) expectTypeOf(session.replaceHistoryWithCompaction).toBeFunction();
});
