import type { Session, SessionHistoryRewriteAwareSession, SessionHistoryTransactionAwareSession } from '@openai/agents-core';
import type { HistoryAwareSession } from '@sessions/core';
import type { MySQLSession } from '@sessions/mysql';
import { expectTypeOf, test } from 'vitest';

test('MySQLSession is assignable to the runner capability interfaces of @openai/agents', () => {
  expectTypeOf<MySQLSession>().toExtend<Session>();
  expectTypeOf<MySQLSession>().toExtend<SessionHistoryTransactionAwareSession>();
  expectTypeOf<MySQLSession>().toExtend<SessionHistoryRewriteAwareSession>();
  expectTypeOf<MySQLSession>().toExtend<Required<Pick<Session, 'replaceHistoryWithCompaction'>>>();
  expectTypeOf<MySQLSession>().toExtend<HistoryAwareSession>();
});
