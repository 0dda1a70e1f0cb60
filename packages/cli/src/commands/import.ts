import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { notFound, usageError } from '../cli-error.js';
import { readKeyFile } from '../key-file.js';
import { keyFileOption } from './encryption-shared.js';
import { jsonOption, urlOption, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { ExportReader } from '../export-format.js';
import { write } from '../io.js';
import { Progress } from '../output/progress.js';
import type { CliStore } from '../stores/cli-store.js';
import { printJson, storeUrlOf, withStore } from './shared.js';
import { mainOnly, placeSession, summaryLine, type TransferSummary } from './transfer.js';

/** Counts the sessions of an export file (its `end` lines), for the progress bar. */
async function countSessions(path: string): Promise<number> {
  let count = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line.startsWith('{"type":"end"')) count++;
  }
  return count;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'load a `sessions export` file into a store',
  usage: 'sessions import FILE --url URL [--replace] [--main-only] [--key-file FILE] [--json]   (FILE - reads standard input)',
  details: [
    'Each session is written in one transaction. A session the store already holds with the same',
    'content is skipped, so importing a file twice (or again after an interruption) writes nothing',
    'twice. A session that exists with different content is a conflict (exit 5) unless --replace.',
    'A SQLite destination file is created and migrated when missing; servers need `sessions migrate`.',
  ].join('\n'),
  options: {
    'key-file': keyFileOption,
    url: urlOption,
    replace: { type: 'boolean', description: 'overwrite sessions that exist with different content' },
    'main-only': { type: 'boolean', description: 'keep only the main history (for stores without branches, usage and metadata)' },
    json: jsonOption,
  },
  positionals: { min: 1, max: 1, what: 'the FILE to import (- for standard input)' },
  async run(context) {
    const { io, values } = context;
    const file = context.positionals[0]!;
    if (file !== '-' && !existsSync(file)) throw notFound(`no such file ${JSON.stringify(file)}`);
    const location = storeUrlOf(context);
    const input: Readable = file === '-' ? io.stdin : createReadStream(file);
    const total = file === '-' ? undefined : await countSessions(file);
    const summary: TransferSummary = { written: [], skipped: [], conflicts: [] };
    const replace = values.replace === true;

    const encryption = values['key-file'] === undefined ? undefined : await readKeyFile(values['key-file']);
    await withStore(location, { create: true, encryption }, async (store: CliStore) => {
      if (values['main-only'] && store.advanced) {
        throw usageError(`--main-only is for stores without branches, usage and metadata; ${location.display} (${store.kind}) keeps them all`);
      }
      const reader = new ExportReader();
      const progress = new Progress(io.stderr, 'import', total);
      try {
        for await (const line of createInterface({ input, crlfDelay: Infinity })) {
          let record = reader.push(line);
          if (!record) continue;
          if (values['main-only']) record = mainOnly(record);
          const placed = await placeSession(store, record, { replace });
          const id = record.sessionId;
          if (placed === 'written') summary.written.push(id);
          else if (placed === 'skipped') summary.skipped.push(id);
          else summary.conflicts.push(id);
          progress.step(`${id}: ${placed === 'written' ? `imported ${record.items.length} item(s)` : placed === 'skipped' ? 'already there, skipped' : 'CONFLICT: a different session with this id exists, left untouched'}`);
        }
        reader.finish();
      } finally {
        progress.finish();
      }
    });
    if (values.json) await printJson(io, summary);
    else await write(io.stdout, summaryLine('imported', summary));
    return summary.conflicts.length > 0 ? ExitCode.CONFLICT : ExitCode.OK;
  },
};
