import { existsSync } from 'node:fs';
import type { SessionStore } from '@sessions/core';
import { toCliError } from '../cli-error.js';
import { jsonOption, urlOption, type Command } from '../command.js';
import { write } from '../io.js';
import type { StoreUrl } from '../store-url.js';
import { openSessionStoreAt } from '../stores/open-store.js';
import { printJson, storeUrlOf } from './shared.js';

/**
 * The store to migrate. A SQLite file goes through the SQLite adapters
 * directly: a new file gets `@sessions/sqlite`'s tables (or, with
 * `--advanced`, `@sessions/advanced-sqlite`'s too), an existing one keeps
 * its kind unless `--advanced` upgrades it.
 */
async function storeToMigrate(location: StoreUrl, advanced: boolean): Promise<SessionStore> {
  if (location.dialect !== 'sqlite') return openSessionStoreAt(location);
  try {
    if (advanced) return await (await import('@sessions/advanced-sqlite')).openAdvancedSqliteStore(location.path, { create: true });
    const { sqlitePathOf, openSessionStore } = await import('@sessions/sqlite');
    if (!existsSync(sqlitePathOf(location.path) ?? location.path)) return await openSessionStore(location.path, { create: true });
  } catch (error) {
    throw toCliError(error, location.display);
  }
  return openSessionStoreAt(location, { create: true });
}

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply the shipped migrations to a store (the step to put in CI or deploy)',
  usage: 'sessions migrate --url URL [--advanced] [--json]',
  details: [
    "Runs the store adapter's own migrate(): for PostgreSQL and MySQL the same code as the migrate",
    "commands of @sessions/postgres and @sessions/mysql. A new SQLite file gets @sessions/sqlite's",
    "tables, plus @sessions/advanced-sqlite's with --advanced (which also upgrades a plain file).",
    'Running it again applies nothing and succeeds.',
  ].join('\n'),
  options: {
    url: urlOption,
    advanced: { type: 'boolean', description: 'SQLite only: also apply @sessions/advanced-sqlite migrations (branches, usage)' },
    json: jsonOption,
  },
  positionals: { min: 0, max: 0, what: '' },
  async run(context) {
    const location = storeUrlOf(context);
    const store = await storeToMigrate(location, context.values.advanced === true);
    let applied: string[];
    try {
      applied = await store.migrate();
    } catch (error) {
      throw toCliError(error, location.display);
    } finally {
      await store.close();
    }
    if (context.values.json) return printJson(context.io, { store: location.display, kind: store.kind, applied });
    const what = applied.length === 0 ? 'already up to date' : `applied ${applied.join(', ')}`;
    await write(context.io.stdout, `${location.display} (${store.kind}): ${what}\n`);
  },
};
