import { isSessionError } from '@sessions/core';
import { redactUrl } from './connection.js';
import { migrate } from './migrate.js';

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CommandOutput = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

export const USAGE = `usage: sessions-postgres migrate --url <postgres://user:password@host:5432/database>

Creates or upgrades the @sessions/postgres tables in that database and records
the applied migrations in sessions_migrations. Safe to run from several deploy
steps at once. The URL may also come from DATABASE_URL.`;

/** Parses `--url URL` / `--url=URL`; anything else is a usage error. */
function parseUrl(args: string[]): string | { error: string } {
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--url') {
      const value = args[++i];
      if (value === undefined) return { error: '--url needs a value' };
      url = value;
    } else if (arg.startsWith('--url=')) {
      url = arg.slice('--url='.length);
    } else {
      return { error: `unknown argument ${JSON.stringify(arg)}` };
    }
  }
  url ??= process.env.DATABASE_URL;
  return url === undefined || url === '' ? { error: 'no database URL: pass --url or set DATABASE_URL' } : url;
}

/**
 * `migrate --url URL`; returns the exit code (0 done, 1 failed, 2 bad usage). The leading word
 * `migrate` is optional, so `['migrate', '--url', u]` and `['--url', u]` both work.
 * The `sessions` CLI calls this for `sessions migrate --url postgres://...`.
 */
export async function runMigrateCommand(argv: string[], output: CommandOutput = consoleOutput): Promise<number> {
  const args = argv[0] === 'migrate' ? argv.slice(1) : argv;
  if (args.includes('--help') || args.includes('-h')) {
    output.out(USAGE);
    return 0;
  }
  const url = parseUrl(args);
  if (typeof url !== 'string') {
    output.err(`sessions-postgres migrate: ${url.error}\n\n${USAGE}`);
    return 2;
  }
  try {
    const applied = await migrate({ url });
    const where = redactUrl(url);
    output.out(applied.length === 0 ? `${where}: already up to date` : `${where}: applied ${applied.join(', ')}`);
    return 0;
  } catch (error) {
    const message = isSessionError(error) ? `${error.message} [${error.code}]` : String(error);
    output.err(`sessions-postgres migrate: ${message}`);
    return isSessionError(error, 'INVALID_ARGUMENT') ? 2 : 1;
  }
}

/** The `sessions-postgres` command line: `migrate` is its one command. */
export async function main(argv: string[], output: CommandOutput = consoleOutput): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'migrate') return runMigrateCommand(rest, output);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    output.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  output.err(`sessions-postgres: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  return 2;
}
