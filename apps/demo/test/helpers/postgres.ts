import { migrate } from '@sessions/postgres';
import { createThrowawayDatabase, requireServer, type ThrowawayDatabase } from '@sessions/test-servers';

export const postgresAvailable = await requireServer('postgres', "the demo's PostgreSQL tests");

export type TestDatabase = ThrowawayDatabase;

/** `sessions_demo_<random>`, migrated with @sessions/postgres's `migrate`, as a user's deploy step would. */
export async function createMigratedDatabase(): Promise<TestDatabase> {
  const database = await createThrowawayDatabase('postgres', 'demo');
  try {
    await migrate({ url: database.url });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}
