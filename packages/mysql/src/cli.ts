import { isSessionError } from '@sessions/core';
import { redactUrl } from './connection.js';
import { migrate } from './migrate.js';

const USAGE = `usage: sessions-mysql migrate --url mysql://user:password@host:3306/database

Creates or upgrades the @sessions/mysql tables in that database. Safe to run
from several deploy steps at once; does nothing when already up to date.`;

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CommandOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

function readUrl(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--url') return args[i + 1];
    if (arg.startsWith('--url=')) return arg.slice('--url='.length);
  }
  return undefined;
}

/** `migrate --url URL`: returns the process exit code (0 done, 1 failed, 2 bad usage). */
export async function runMigrateCommand(argv: string[], output: CommandOutput = consoleOutput): Promise<number> {
  const [command, ...args] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    output.out(USAGE);
    return 0;
  }
  if (command !== 'migrate') {
    output.err(command === undefined ? USAGE : `unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return 2;
  }
  const url = readUrl(args);
  if (!url) {
    output.err(`migrate needs --url\n${USAGE}`);
    return 2;
  }
  try {
    const applied = await migrate({ url });
    output.out(
      applied.length === 0
        ? `${redactUrl(url)}: session tables already up to date`
        : `${redactUrl(url)}: applied ${applied.join(', ')}`,
    );
    return 0;
  } catch (error) {
    const code = isSessionError(error) ? `${error.code}: ` : '';
    output.err(`sessions-mysql migrate failed: ${code}${error instanceof Error ? error.message : String(error)}`);
    return isSessionError(error, 'INVALID_ARGUMENT') ? 2 : 1;
  }
}

/** Entry point of the `sessions-mysql` binary. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runMigrateCommand(argv);
}
