import { migrate } from '@sessions/postgres';
import { requireServer, type ThrowawayDatabase } from '@sessions/test-servers';
import { migratedDatabase } from './migrated-database.js';

export const postgresAvailable = await requireServer('postgres', "the demo's PostgreSQL tests");

export type TestDatabase = ThrowawayDatabase;

/** A PostgreSQL database of this run, migrated with @sessions/postgres's `migrate`. */
export const createMigratedDatabase = (): Promise<TestDatabase> => migratedDatabase('postgres', migrate);
