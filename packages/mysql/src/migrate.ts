import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS_TABLE, pendingMigrations, readMigrations, SessionError, type Migration } from '@sessions/core';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { connect, withConnection, type MySQLTarget } from './connection.js';
import { errorText, isConnectionLost, isMissingTable, notMigratedError } from './errors.js';
import { causalRead, isGaleraNode } from './galera.js';

/** The migrations this package ships (copied from /drizzle/mysql at build time). */
export const mysqlMigrationsFolder = fileURLToPath(new URL('../drizzle/mysql', import.meta.url));

/** The name these migrations are recorded under in `sessions_migrations`. */
export const MYSQL_STORE = 'mysql';

/** How long a process waits for another one's migration before giving up. */
export const MIGRATION_LOCK_TIMEOUT_SECONDS = 120;

let shipped: Migration[] | undefined;

export function shippedMigrations(): Migration[] {
  shipped ??= readMigrations(mysqlMigrationsFolder);
  return shipped;
}

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS \`${MIGRATIONS_TABLE}\` (
  \`store\` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  \`tag\` varchar(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  \`hash\` char(64) CHARACTER SET ascii NOT NULL,
  \`applied_at\` datetime(3) NOT NULL DEFAULT (UTC_TIMESTAMP(3)),
  PRIMARY KEY (\`store\`, \`tag\`)
)`;

/** On a Galera node the read waits for migrations recorded through other nodes. */
async function appliedMigrations(connection: PoolConnection, store: string, galera: boolean): Promise<{ tag: string; hash: string }[]> {
  const select = `SELECT \`tag\`, \`hash\` FROM \`${MIGRATIONS_TABLE}\` WHERE \`store\` = ?`;
  const [rows] = await connection.execute<RowDataPacket[]>(causalRead(select, galera), [store]);
  return rows.map((row) => ({ tag: String(row.tag), hash: String(row.hash) }));
}

/**
 * GET_LOCK names are server-wide, so the lock is named after the database:
 * migrating two databases of one server never waits on each other.
 */
async function lockName(connection: PoolConnection): Promise<string> {
  const [rows] = await connection.query<RowDataPacket[]>('SELECT DATABASE() AS db');
  const database = rows[0]?.db as string | null | undefined;
  if (!database) throw new SessionError('MIGRATION_FAILED', 'the connection has no database selected; put the database in the URL (mysql://host/<database>)');
  return `sessions_migrate_${createHash('sha1').update(database).digest('hex')}`;
}

/**
 * Applies the migrations of `store` not yet recorded in `sessions_migrations`,
 * holding a server lock (GET_LOCK) named after the database. MySQL DDL commits
 * on its own, so the lock, not a transaction, is what keeps several processes
 * starting at once from applying a migration twice. A migration is recorded
 * only after all its statements succeeded.
 */
export async function applyMySQLMigrations(
  pool: Pool,
  store: string,
  migrations: Migration[],
  lockTimeoutSeconds = MIGRATION_LOCK_TIMEOUT_SECONDS,
): Promise<string[]> {
  try {
    return await withConnection(pool, async (connection) => {
      const lock = await lockName(connection);
      const [locked] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS got', [lock, lockTimeoutSeconds]);
      if (Number(locked[0]?.got) !== 1) {
        throw new SessionError('MIGRATION_FAILED', `another process held the migration lock for over ${lockTimeoutSeconds}s; try again once it is done`);
      }
      try {
        await connection.query(CREATE_MIGRATIONS_TABLE);
        const applied = await appliedMigrations(connection, store, await isGaleraNode(connection));
        const pending = pendingMigrations(migrations, applied);
        for (const migration of pending) {
          for (const [index, statement] of migration.statements.entries()) {
            try {
              await connection.query(statement);
            } catch (cause) {
              const partial = index === 0 ? '' : ` (its first ${index} statement(s) were applied: MySQL cannot roll DDL back; it is not recorded as applied)`;
              throw new SessionError(
                'MIGRATION_FAILED',
                `migration ${migration.tag} failed at statement ${index + 1} of ${migration.statements.length}${partial}: ${errorText(cause)}`,
                { cause },
              );
            }
          }
          await connection.execute(`INSERT INTO \`${MIGRATIONS_TABLE}\` (\`store\`, \`tag\`, \`hash\`) VALUES (?, ?, ?)`, [store, migration.tag, migration.hash]);
        }
        return pending.map((m) => m.tag);
      } finally {
        await connection.query('SELECT RELEASE_LOCK(?)', [lock]).catch(() => {});
      }
    });
  } catch (error) {
    if (error instanceof SessionError) throw error;
    if (isConnectionLost(error)) {
      throw new SessionError('CONNECTION_LOST', `applying ${store} migrations failed: cannot reach the MySQL server or lost the connection (${errorText(error)})`, { cause: error });
    }
    throw new SessionError('MIGRATION_FAILED', `applying ${store} migrations failed: ${errorText(error)}`, { cause: error });
  }
}

/**
 * Creates or upgrades the session tables in the database `target` names, and
 * returns the tags it applied (empty when already up to date). Safe to run
 * from several processes at once.
 */
export async function migrate(target: MySQLTarget): Promise<string[]> {
  const client = connect(target);
  try {
    return await applyMySQLMigrations(client.pool, MYSQL_STORE, shippedMigrations());
  } finally {
    await client.release();
  }
}

/** Fails with a message naming the migrate command unless every shipped migration is recorded. */
export async function assertMigrated(pool: Pool, galera: boolean, sessionId?: string): Promise<void> {
  let applied: { tag: string; hash: string }[];
  try {
    applied = await withConnection(pool, (connection) => appliedMigrations(connection, MYSQL_STORE, galera));
  } catch (error) {
    if (isMissingTable(error)) throw notMigratedError(`no ${MIGRATIONS_TABLE} table in this database`, error, sessionId);
    throw error;
  }
  const pending = pendingMigrations(shippedMigrations(), applied);
  if (pending.length > 0) throw notMigratedError(`pending migrations: ${pending.map((m) => m.tag).join(', ')}`, undefined, sessionId);
}

/** The shipped migrations not yet recorded in the database (all of them when it has none), without applying any. */
export async function pendingMySQLMigrations(pool: Pool): Promise<string[]> {
  try {
    const applied = await withConnection(pool, async (connection) => appliedMigrations(connection, MYSQL_STORE, await isGaleraNode(connection)));
    return pendingMigrations(shippedMigrations(), applied).map((m) => m.tag);
  } catch (error) {
    if (isMissingTable(error)) return shippedMigrations().map((m) => m.tag);
    throw error;
  }
}
