import { SessionError } from '../errors.js';
import { checkEncryption, type EncryptionOptions, type Keyring } from './keyring.js';

/**
 * The key file of the `sessions` CLI, JSON:
 * `{ "activeKeyId": "k2025", "keys": [{ "id": "k2025", "key": "<base64 of 32 bytes>" }, ...] }`.
 */
export type KeyFile = EncryptionOptions & { keys: { id: string; key: string }[] };

/** Parses a key file's text into a keyring; `source` names the file in errors. */
export function parseKeyFile(text: string, source: string): Keyring {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SessionError('INVALID_ARGUMENT', `key file ${source} is not JSON`, { cause });
  }
  try {
    const keyring = checkEncryption(value ?? {});
    if (keyring) return keyring;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SessionError('INVALID_ARGUMENT', `key file ${source}: ${reason}`, { cause: error });
  }
  throw new SessionError('INVALID_ARGUMENT', `key file ${source} holds no keys`);
}
