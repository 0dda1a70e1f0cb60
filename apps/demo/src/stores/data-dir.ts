import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/demo/.data: where the demo keeps its database files unless `--db` says otherwise. */
export const DATA_DIR = fileURLToPath(new URL('../../.data/', import.meta.url));

export function defaultDatabaseFile(name: string): string {
  return resolve(DATA_DIR, name);
}

/**
 * A `--db` path as the user meant it: relative to the directory they ran the
 * command in (pnpm runs scripts in the package directory and keeps the
 * original one in INIT_CWD).
 */
export function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

export function ensureParentDir(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
}
