import { readFile } from 'node:fs/promises';
import { parseKeyFile, type Keyring } from '@sessions/core';
import { CliError, notFound, usageError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';

/**
 * The keys of `--key-file`: JSON `{ "activeKeyId": "k2", "keys": [{ "id": "k2", "key": "<base64 of 32 bytes>" }, ...] }`
 * (the README's "Encryption at rest" describes it).
 */
export async function readKeyFile(path: unknown): Promise<Keyring> {
  if (typeof path !== 'string' || path === '') throw usageError('--key-file is required');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound(`no such key file: ${path}`);
    throw new CliError(ExitCode.FAILURE, `cannot read the key file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseKeyFile(text, path);
  } catch (error) {
    throw new CliError(ExitCode.BAD_INPUT, (error as Error).message, { cause: error });
  }
}
