import { commonOptions, type Command, type OptionSpec } from './command.js';
import { ExitCode } from './exit-codes.js';

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : ''}`;
    return [flag, option.description + (option.multiple ? ' (repeatable)' : '')] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
}

export function commandHelp(command: Command): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary];
  if (command.details) lines.push('', command.details);
  lines.push('', 'Options:', ...optionLines({ ...command.options, ...commonOptions }));
  return lines.join('\n') + '\n';
}

export const exitCodeHelp = [
  `  ${ExitCode.OK}    ok`,
  `  ${ExitCode.FAILURE}    failure (storage error, failed migration, ...)`,
  `  ${ExitCode.USAGE}    usage error (unknown command or option, bad argument, bad URL)`,
  `  ${ExitCode.NOT_FOUND}    not found (unknown session or branch, missing input file)`,
  `  ${ExitCode.UNREACHABLE}    store unreachable (server down, bad credentials, unknown database, missing SQLite file)`,
  `  ${ExitCode.CONFLICT}    conflict (the destination holds a different session with the same id)`,
  `  ${ExitCode.NOT_MIGRATED}    tables missing or out of date: run sessions migrate`,
  `  ${ExitCode.BAD_INPUT}    the import file is not a valid, complete sessions export`,
  `  ${ExitCode.INTERRUPTED}  interrupted (Ctrl-C)`,
].join('\n');

export function mainHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: sessions <command> [options]',
    '',
    'Look into and operate @sessions stores: SQLite files, PostgreSQL and MySQL/MariaDB.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Stores (--url, --from, --to; or $SESSIONS_URL):',
    '  ./sessions.db, sessions.db, /abs/path.db, sqlite:path.db   a SQLite file',
    '  postgres://user:password@host:5432/database               PostgreSQL',
    '  mysql://user:password@host:3306/database                  MySQL or MariaDB (mariadb:// works too)',
    '',
    'Every command takes --help; reading commands take --json; --debug prints stack traces.',
    '',
    'Exit codes:',
    exitCodeHelp,
    '',
  ].join('\n');
}
