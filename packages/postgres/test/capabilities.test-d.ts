import type { Session, SessionHistoryRewriteAwareSession, SessionHistoryTransactionAwareSession } from '@openai/agents-core';
import type { HistoryAwareSession } from '@sessions/core';
import type { PostgresSession } from '@sessions/postgres';
import { expectTypeOf, test } from 'vitest';

test('PostgresSession is assignable to the runner capability interfaces of @openai/agents', () => {
  expectTypeOf<PostgresSession>().toExtend<Session>();
  expectTypeOf<PostgresSession>().toExtend<SessionHistoryTransactionAwareSession>();
  expectTypeOf<PostgresSession>().toExtend<SessionHistoryRewriteAwareSession>();
  expectTypeOf<PostgresSession>().toExtend<Required<Pick<Session, 'replaceHistoryWithCompaction'>>>();
  expectTypeOf<PostgresSession>().toExtend<HistoryAwareSession>();
});
