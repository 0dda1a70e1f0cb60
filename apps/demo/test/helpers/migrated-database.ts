import { createThrowawayDatabase, type Dialect, type ThrowawayDatabase } from '@sessions/test-servers';

/** `sessions_demo_<random>` on a server, migrated with its package's `migrate()`, as a user's deploy step would. */
export async function migratedDatabase(dialect: Dialect, migrate: (target: { url: string }) => Promise<unknown>): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase(dialect, 'demo');
  try {
    await migrate({ url: database.url });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}
