import { jsonOption, urlOption, type Command } from '../command.js';
import { write } from '../io.js';
import { readKeyFile } from '../key-file.js';
import { encryptionOf, keyFileOption, progressOn, statusLine } from './encryption-shared.js';
import { printJson, storeUrlOf, withStore } from './shared.js';

export const encryptCommand: Command = {
  name: 'encrypt',
  summary: 'encrypt the sessions a store holds in clear text (resumable)',
  usage: 'sessions encrypt --url URL --key-file FILE [--dry-run] [--json]',
  details: [
    'Turns encryption at rest on for a store that already holds sessions: each session holding clear',
    "rows gets a data key (wrapped by the key file's active key) and its rows are encrypted, one",
    'session per transaction; rerunning after an interruption continues with the rest. --dry-run only',
    'reports how many sessions are encrypted, hold clear rows, or mix both.',
  ].join('\n'),
  options: {
    url: urlOption,
    'key-file': keyFileOption,
    'dry-run': { type: 'boolean', description: 'report what is encrypted and what is not, change nothing' },
    json: jsonOption,
  },
  positionals: { min: 0, max: 0, what: '' },
  async run(context) {
    const { io, values } = context;
    const location = storeUrlOf(context);
    const dryRun = values['dry-run'] === true;
    const keyring = dryRun && values['key-file'] === undefined ? undefined : await readKeyFile(values['key-file']);
    const { result, status } = await withStore(location, {}, async ({ store }) => {
      const encryption = encryptionOf(store, location.display);
      if (dryRun || !keyring) return { result: undefined, status: await encryption.encryptionStatus() };
      const progress = progressOn(io, 'encrypt');
      try {
        const result = await encryption.encrypt(keyring, { onProgress: progress.step });
        return { result, status: await encryption.encryptionStatus() };
      } finally {
        progress.finish();
      }
    });
    if (values.json) return printJson(io, { store: location.display, dryRun, ...(result ?? {}), status });
    const done = result ? `encrypted ${result.rows} row(s) of ${result.sessions} session(s) under ${JSON.stringify(result.activeKeyId)}\n` : '';
    await write(io.stdout, done + statusLine(location.display, status));
  },
};
