import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { notFound, usageError } from '../cli-error.js';
import { urlOption, type Command } from '../command.js';
import { readKeyFile } from '../key-file.js';
import { keyFileOption } from './encryption-shared.js';
import { headerLine, sessionLines } from '../export-format.js';
import { write, type OutStream } from '../io.js';
import { Progress } from '../output/progress.js';
import { sessionIdArgument, storeUrlOf, withStore } from './shared.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write sessions as JSON Lines, with branches and usage',
  usage: 'sessions export ID... --url URL [--out FILE] [--key-file FILE]   |   sessions export --all --url URL [--out FILE] [--key-file FILE]',
  details: [
    'Writes to standard output unless --out is given; --out writes FILE.partial and renames it when',
    'complete, so FILE is never half-written. The format is described in the README; `sessions import`',
    'reads it back unchanged.',
  ].join('\n'),
  options: {
    'key-file': keyFileOption,
    url: urlOption,
    all: { type: 'boolean', short: 'a', description: 'export every session of the store' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'write to FILE instead of standard output' },
    json: { type: 'boolean', description: 'accepted for symmetry with the other commands: export always writes JSON Lines' },
  },
  positionals: { min: 0, max: Infinity, what: 'a session ID (or --all)' },
  async run(context) {
    const { io, values } = context;
    if (values.all && context.positionals.length > 0) throw usageError('sessions export: give session IDs or --all, not both');
    if (!values.all && context.positionals.length === 0) throw usageError('sessions export: missing session ID (or --all) (usage: sessions export ID... --url URL)');
    const location = storeUrlOf(context);
    const requested = context.positionals.map(sessionIdArgument);
    const out = typeof values.out === 'string' ? values.out : undefined;

    const encryption = values['key-file'] === undefined ? undefined : await readKeyFile(values['key-file']);
    await withStore(location, { encryption }, async (store) => {
      const known = await store.allSessionIds();
      const ids = values.all ? known : requested;
      const present = new Set(known);
      const missing = ids.filter((id) => !present.has(id));
      if (missing.length > 0) throw notFound(`unknown session ${missing.map((id) => JSON.stringify(id)).join(', ')} in ${location.display}`);

      const partial = out === undefined ? undefined : `${out}.partial`;
      const sink: OutStream = partial === undefined ? io.stdout : createWriteStream(partial);
      const progress = new Progress(io.stderr, 'export', ids.length);
      try {
        await write(sink, headerLine(store.kind));
        for (const id of ids) {
          const record = await store.readSession(id);
          if (!record) throw notFound(`session ${JSON.stringify(id)} was deleted during the export`);
          await write(sink, sessionLines(record));
          progress.step(`${id}: ${record.items.length} item(s), ${record.branches.length} branch(es), ${record.usage.length} usage row(s)`);
        }
        if (partial !== undefined) {
          sink.end();
          await finished(sink);
          await rename(partial, out!);
        }
      } catch (error) {
        if (partial !== undefined) {
          sink.destroy();
          await rm(partial, { force: true });
        }
        throw error;
      } finally {
        progress.finish();
      }
      if (out !== undefined) io.stderr.write(`exported ${ids.length} session(s) to ${out}\n`);
    });
  },
};
