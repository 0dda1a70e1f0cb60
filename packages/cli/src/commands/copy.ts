import { resolve } from 'node:path';
import { notFound, toCliError, usageError } from '../cli-error.js';
import { readKeyFile } from '../key-file.js';
import { keyFileOption } from './encryption-shared.js';
import { jsonOption, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { write } from '../io.js';
import { Progress } from '../output/progress.js';
import type { CliStore } from '../stores/cli-store.js';
import { openStore } from '../stores/open-store.js';
import { printJson, sessionIdArgument, storeUrlOf } from './shared.js';
import { mainOnly, placeSession, summaryLine, type TransferSummary } from './transfer.js';

/** Two SQLite stores on one file (however its path was spelled). */
function sameFile(a: CliStore, b: CliStore): boolean {
  return a.location.dialect === 'sqlite' && b.location.dialect === 'sqlite' && resolve(a.store.location) === resolve(b.store.location);
}

export const copyCommand: Command = {
  name: 'copy',
  summary: 'copy sessions from one store to another (resumable)',
  usage: 'sessions copy --from URL --to URL [--session ID]... [--replace] [--main-only] [--key-file FILE] [--to-key-file FILE] [--json]',
  details: [
    'Copies every session (or the --session ones), each in one destination transaction. Rerunning',
    'after an interruption (Ctrl-C, a crash, a lost connection) skips the sessions the destination',
    'already holds with the same content and copies the rest: nothing is copied twice or lost.',
    'The source is only read. A SQLite destination file is created and migrated when missing.',
  ].join('\n'),
  options: {
    'key-file': { ...keyFileOption, description: 'keys of the --from store (encrypted sessions are read as clear items)' },
    'to-key-file': { ...keyFileOption, short: undefined, description: 'keys of the --to store: what is copied into it is encrypted' },
    from: { type: 'string', short: 'f', value: 'URL', description: 'the store to copy from' },
    to: { type: 'string', short: 't', value: 'URL', description: 'the store to copy into' },
    session: { type: 'string', short: 's', value: 'ID', multiple: true, description: 'copy only this session' },
    replace: { type: 'boolean', description: 'overwrite destination sessions that exist with different content' },
    'main-only': { type: 'boolean', description: 'keep only the main history (into stores without branches, usage and metadata)' },
    json: jsonOption,
  },
  positionals: { min: 0, max: 0, what: '' },
  async run(context) {
    const { io, values } = context;
    const from = storeUrlOf(context, 'from');
    const to = storeUrlOf(context, 'to');
    if (from.dialect !== 'sqlite' && from.dialect === to.dialect && from.url === to.url) throw usageError('--from and --to name the same store');
    const requested = ((values.session as string[] | undefined) ?? []).map(sessionIdArgument);
    const replace = values.replace === true;
    const summary: TransferSummary = { written: [], skipped: [], conflicts: [] };

    const sourceKeys = values['key-file'] === undefined ? undefined : await readKeyFile(values['key-file']);
    const destinationKeys = values['to-key-file'] === undefined ? undefined : await readKeyFile(values['to-key-file']);
    const source = await openStore(from, { encryption: sourceKeys });
    try {
      const destination = await openStore(to, { create: true, encryption: destinationKeys });
      try {
        if (sameFile(source, destination)) throw usageError('--from and --to name the same store');
        if (values['main-only'] && destination.advanced) {
          throw usageError(`--main-only is for stores without branches, usage and metadata; ${to.display} (${destination.kind}) keeps them all`);
        }
        const known = await source.allSessionIds().catch((error: unknown) => {
          throw toCliError(error, from.display);
        });
        const present = new Set(known);
        const missing = requested.filter((id) => !present.has(id));
        if (missing.length > 0) throw notFound(`unknown session ${missing.map((id) => JSON.stringify(id)).join(', ')} in ${from.display}`);
        const ids = requested.length > 0 ? [...new Set(requested)] : known;
        const progress = new Progress(io.stderr, 'copy', ids.length);
        try {
          for (const id of ids) {
            let record = await source.readSession(id).catch((error: unknown) => {
              throw toCliError(error, from.display);
            });
            if (!record) throw notFound(`session ${JSON.stringify(id)} was deleted from ${from.display} during the copy`);
            if (values['main-only']) record = mainOnly(record);
            const placed = await placeSession(destination, record, { replace }).catch((error: unknown) => {
              throw toCliError(error, to.display);
            });
            summary[placed === 'written' ? 'written' : placed === 'skipped' ? 'skipped' : 'conflicts'].push(id);
            progress.step(`${id}: ${placed === 'written' ? `copied ${record.items.length} item(s)` : placed === 'skipped' ? 'already there, skipped' : 'CONFLICT: a different session with this id exists, left untouched'}`);
          }
        } finally {
          progress.finish();
        }
      } finally {
        await destination.close();
      }
    } finally {
      await source.close();
    }
    if (values.json) await printJson(io, summary);
    else await write(io.stdout, summaryLine('copied', summary));
    return summary.conflicts.length > 0 ? ExitCode.CONFLICT : ExitCode.OK;
  },
};
