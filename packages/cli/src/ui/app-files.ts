import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';

/** Where the build puts the page (the same place from src/ui and dist/ui). */
export const APP_DIR = fileURLToPath(new URL('../../dist/app/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface AppFile {
  body: Buffer;
  type: string;
}

/**
 * The built page, read once at start into a map of request path to file:
 * requests are answered from the map only, so no request path ever reaches
 * the file system.
 */
export function loadAppFiles(dir = APP_DIR): Map<string, AppFile> {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new CliError(ExitCode.FAILURE, `the inspector's page is not built (${dir} has no index.html): run pnpm install, or pnpm --filter @sessions/cli build`);
  }
  const files = new Map<string, AppFile>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type === undefined || name.endsWith('.map')) continue;
    files.set(`/${name}`, { body: readFileSync(join(dir, name)), type });
  }
  files.set('/', files.get('/index.html')!);
  return files;
}
