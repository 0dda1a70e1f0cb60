import { migrate } from '@sessions/mysql';
import { requireServer, type ThrowawayDatabase } from '@sessions/test-servers';
import { migratedDatabase } from './migrated-database.js';

export const mysqlAvailable = await requireServer('mysql', "the demo's MySQL tests");

/** A MariaDB/MySQL database of this run, migrated with @sessions/mysql's `migrate`. */
export const createMigratedMySQLDatabase = (): Promise<ThrowawayDatabase> => migratedDatabase('mysql', migrate);
