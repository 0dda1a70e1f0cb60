import type { EncryptionStatus, MaintenanceProgress, SessionStore } from '@sessions/core';
import { usageError } from '../cli-error.js';
import type { OptionSpec } from '../command.js';
import type { Io } from '../io.js';
import { Progress } from '../output/progress.js';

export const keyFileOption: OptionSpec = {
  type: 'string',
  short: 'k',
  value: 'FILE',
  description: 'JSON key file: { "activeKeyId": "...", "keys": [{ "id": "...", "key": "<base64 of 32 bytes>" }] }',
};

/** The store's encryption methods, or a usage error naming the store when it offers none. */
export function encryptionOf(store: SessionStore, display: string): Required<Pick<SessionStore, 'encryptionStatus' | 'rekey' | 'encrypt'>> {
  const { encryptionStatus, rekey, encrypt } = store;
  if (!encryptionStatus || !rekey || !encrypt) throw usageError(`${display} (${store.kind}) does not offer encryption at rest`);
  return { encryptionStatus: encryptionStatus.bind(store), rekey: rekey.bind(store), encrypt: encrypt.bind(store) };
}

/** A progress bar sized when the first step reports the total. */
export function progressOn(io: Io, label: string): { step: (step: MaintenanceProgress) => void; finish: () => void } {
  let progress: Progress | undefined;
  return {
    step(step) {
      progress ??= new Progress(io.stderr, label, step.total);
      progress.step(`${step.sessionId}: ${step.note}`);
    },
    finish: () => progress?.finish(),
  };
}

/** One line saying what is encrypted: never silent about sessions stored in clear. */
export function statusLine(display: string, status: EncryptionStatus): string {
  const encrypted = Object.values(status.keys).reduce((sum, n) => sum + n, 0);
  const byKey = Object.entries(status.keys)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, n]) => `${JSON.stringify(id)}: ${n}`)
    .join(', ');
  const parts = [`${status.sessions} session(s)`, `${encrypted} with a data key${byKey ? ` (${byKey})` : ''}`, `${status.sessionsWithClearRows} holding clear rows`];
  if (status.mixedSessions > 0) parts.push(`${status.mixedSessions} mixing clear and encrypted rows`);
  return `${display}: ${parts.join(', ')}\n`;
}
