import type { Session, SessionHistoryRewriteAwareSession, SessionHistoryTransactionAwareSession } from '@openai/agents-core';
import type { HistoryAwareSession } from '@sessions/core';
import type { SQLiteSession } from '@sessions/sqlite';
import { expectTypeOf, test } from 'vitest';

test('SQLiteSession is assignable to the runner capability interfaces of @openai/agents', () => {
  expectTypeOf<SQLiteSession>().toExtend<Session>();
  expectTypeOf<SQLiteSession>().toExtend<SessionHistoryTransactionAwareSession>();
  expectTypeOf<SQLiteSession>().toExtend<SessionHistoryRewriteAwareSession>();
  expectTypeOf<SQLiteSession>().toExtend<Required<Pick<Session, 'replaceHistoryWithCompaction'>>>();
  expectTypeOf<SQLiteSession>().toExtend<HistoryAwareSession>();
});
