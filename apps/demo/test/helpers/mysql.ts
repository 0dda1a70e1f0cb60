import { migrate } from '@sessions/mysql';
import { createThrowawayDatabase, requireServer, type ThrowawayDatabase } from '@sessions/test-servers';

export const mysqlAvailable = await requireServer('mysql', "the demo's MySQL tests");

/** `sessions_demo_<random>` on MariaDB/MySQL, migrated with @sessions/mysql's `migrate`, as a user's deploy step would. */
export async function createMigratedMySQLDatabase(): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase('mysql', 'demo');
  try {
    await migrate({ url: database.url });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}
