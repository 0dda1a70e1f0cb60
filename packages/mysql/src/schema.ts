import {
  MESSAGES_SESSION_INDEX,
  MESSAGES_TABLE,
  OPERATIONS_TABLE,
  SESSIONS_TABLE,
  messageColumns,
  operationColumns,
  sessionColumns,
} from '@sessions/core';
import { sql } from 'drizzle-orm';
import { bigint, char, customType, datetime, index, mysqlTable, primaryKey } from 'drizzle-orm/mysql-core';

/**
 * Column types spelled with their character set, so the tables hold emoji
 * whatever the database's default charset is (latin1 on old MySQL installs).
 * `utf8mb4_bin` compares code points: ids are case- and accent-sensitive.
 */
const utf8mb4Varchar255 = customType<{ data: string; driverData: string }>({
  // 255 utf8mb4 characters are 1,020 bytes: indexable (InnoDB's key limit is 3,072).
  dataType: () => 'varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
});

/** JSON text, not the JSON type: MySQL's JSON reorders keys; LONGTEXT keeps the bytes as written. */
const utf8mb4LongText = customType<{ data: string; driverData: string }>({
  dataType: () => 'longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
});

/**
 * Operation ids as their UTF-8 bytes: compared byte for byte, so ids differing
 * only in trailing spaces stay apart (utf8mb4_bin pads). 255 characters take at
 * most 1,020 bytes, so the key with the session id fits InnoDB's 3,072.
 */
const operationIdBytes = customType<{ data: string; driverData: string }>({
  dataType: () => 'varbinary(1020)',
});

/**
 * UTC wall-clock time with milliseconds. DATETIME rather than TIMESTAMP: no
 * 2038 limit and no conversion through the connection's time_zone. The
 * parenthesised expression default is valid on MySQL >= 8.0.13 and MariaDB >= 10.2.
 */
const utcNow = sql`(UTC_TIMESTAMP(3))`;

export const agentSessions = mysqlTable(SESSIONS_TABLE, {
  sessionId: utf8mb4Varchar255(sessionColumns.sessionId).primaryKey(),
  createdAt: datetime(sessionColumns.createdAt, { mode: 'string', fsp: 3 }).notNull().default(utcNow),
  updatedAt: datetime(sessionColumns.updatedAt, { mode: 'string', fsp: 3 }).notNull().default(utcNow),
});

export const agentMessages = mysqlTable(
  MESSAGES_TABLE,
  {
    // Ids only grow (InnoDB never reuses them), so id order is insertion order.
    id: bigint(messageColumns.id, { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    sessionId: utf8mb4Varchar255(messageColumns.sessionId)
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    messageData: utf8mb4LongText(messageColumns.messageData).notNull(),
    createdAt: datetime(messageColumns.createdAt, { mode: 'string', fsp: 3 }).notNull().default(utcNow),
  },
  (table) => [index(MESSAGES_SESSION_INDEX).on(table.sessionId, table.id)],
);

/** Operation ids of applied history transactions (see @sessions/core); keyed by session first, they go with their session. */
export const agentSessionOperations = mysqlTable(
  OPERATIONS_TABLE,
  {
    sessionId: utf8mb4Varchar255(operationColumns.sessionId)
      .notNull()
      .references(() => agentSessions.sessionId, { onDelete: 'cascade' }),
    operationId: operationIdBytes(operationColumns.operationId).notNull(),
    // Hex sha256 of the transaction, so a retry is told from a different transaction under the same id.
    fingerprint: char(operationColumns.fingerprint, { length: 64 }).notNull(),
    createdAt: datetime(operationColumns.createdAt, { mode: 'string', fsp: 3 }).notNull().default(utcNow),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.operationId] })],
);
