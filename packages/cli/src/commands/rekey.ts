import { jsonOption, urlOption, type Command } from '../command.js';
import { write } from '../io.js';
import { readKeyFile } from '../key-file.js';
import { encryptionOf, keyFileOption, progressOn, statusLine } from './encryption-shared.js';
import { printJson, storeUrlOf, withStore } from './shared.js';

export const rekeyCommand: Command = {
  name: 'rekey',
  summary: "re-wrap every session's data key under the key file's active key (resumable)",
  usage: 'sessions rekey --url URL --key-file FILE [--json]',
  details: [
    "Rotates the key of an encrypted store: each session's data key is unwrapped with the key it is",
    'stored under and wrapped again with the active key; items are not rewritten. The key file holds',
    'the new key (activeKeyId) and every key still in use. Sessions are done one by one: rerunning',
    'after an interruption continues with the rest. When it is done, the old keys are no longer needed.',
  ].join('\n'),
  options: { url: urlOption, 'key-file': keyFileOption, json: jsonOption },
  positionals: { min: 0, max: 0, what: '' },
  async run(context) {
    const { io, values } = context;
    const location = storeUrlOf(context);
    const keyring = await readKeyFile(values['key-file']);
    const { result, status } = await withStore(location, {}, async ({ store }) => {
      const encryption = encryptionOf(store, location.display);
      const progress = progressOn(io, 'rekey');
      try {
        const result = await encryption.rekey(keyring, { onProgress: progress.step });
        return { result, status: await encryption.encryptionStatus() };
      } finally {
        progress.finish();
      }
    });
    if (values.json) return printJson(io, { store: location.display, ...result, status });
    await write(io.stdout, `re-wrapped ${result.rekeyed} data key(s) under ${JSON.stringify(result.activeKeyId)}\n${statusLine(location.display, status)}`);
  },
};
