import { jsonOption, urlOption, type Command } from '../command.js';
import { write } from '../io.js';
import { migrateStore } from '../stores/migrate-store.js';
import { printJson, storeUrlOf } from './shared.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply the shipped migrations to a store (the step to put in CI or deploy)',
  usage: 'sessions migrate --url URL [--advanced] [--json]',
  details: [
    'PostgreSQL and MySQL run the same migrate() that @sessions/postgres and @sessions/mysql export.',
    'A SQLite file gets @sessions/sqlite\'s tables, plus @sessions/advanced-sqlite\'s when --advanced is',
    'given or the file already has them. Running it again applies nothing and succeeds.',
  ].join('\n'),
  options: {
    url: urlOption,
    advanced: { type: 'boolean', description: 'SQLite only: also apply @sessions/advanced-sqlite migrations (branches, usage)' },
    json: jsonOption,
  },
  positionals: { min: 0, max: 0, what: '' },
  async run(context) {
    const location = storeUrlOf(context);
    const result = await migrateStore(location, { advanced: context.values.advanced === true });
    if (context.values.json) return printJson(context.io, { store: location.display, kind: result.kind, applied: result.applied });
    const what = result.applied.length === 0 ? 'already up to date' : `applied ${result.applied.join(', ')}`;
    await write(context.io.stdout, `${location.display} (${result.kind}): ${what}\n`);
  },
};
