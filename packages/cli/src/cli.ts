import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError, toCliError, usageError } from './cli-error.js';
import { commonOptions, type Command, type OptionSpec } from './command.js';
import { commands } from './commands/index.js';
import { ExitCode } from './exit-codes.js';
import { write, type Io } from './io.js';
import { commandHelp, mainHelp } from './help.js';

function parseOptions(options: Record<string, OptionSpec>) {
  const spec: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, option] of Object.entries(options)) {
    spec[name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
  }
  return spec;
}

/** `parseArgs`' messages, shortened to name the option and the command. */
function argumentError(command: Command, error: unknown): CliError {
  const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\. To specify.*$/, '') : String(error);
  return usageError(`sessions ${command.name}: ${message} (see: sessions ${command.name} --help)`);
}

/**
 * Runs one `sessions` invocation and returns its exit code. Never throws:
 * errors become one line on stderr (with the stack under `--debug`).
 */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      const command = topic === undefined ? undefined : commands.find((c) => c.name === topic);
      if (topic !== undefined && !command) throw usageError(`unknown command "${topic}" (see: sessions --help)`);
      await write(io.stdout, command ? commandHelp(command) : mainHelp(commands));
      return name === undefined ? ExitCode.USAGE : ExitCode.OK;
    }
    if (name === '--version' || name === '-v') {
      const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      await write(io.stdout, `${version}\n`);
      return ExitCode.OK;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) throw usageError(`unknown command "${name}" (commands: ${commands.map((c) => c.name).join(', ')}; see: sessions --help)`);
    const options = { ...command.options, ...commonOptions };
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, options: parseOptions(options), allowPositionals: true, strict: true });
    } catch (error) {
      throw argumentError(command, error);
    }
    if (parsed.values.help) {
      await write(io.stdout, commandHelp(command));
      return ExitCode.OK;
    }
    const { min, max, what } = command.positionals;
    if (parsed.positionals.length < min) throw usageError(`sessions ${command.name}: missing ${what} (usage: ${command.usage})`);
    if (parsed.positionals.length > max) {
      throw usageError(`sessions ${command.name}: unexpected argument ${JSON.stringify(parsed.positionals[max])} (usage: ${command.usage})`);
    }
    const code = await command.run({ values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals, io });
    return code ?? ExitCode.OK;
  } catch (error) {
    const failure = toCliError(error);
    io.stderr.write(`sessions: ${failure.message}\n`);
    if (debug) {
      const original = failure.cause ?? failure;
      io.stderr.write(`${original instanceof Error ? (original.stack ?? original.message) : String(original)}\n`);
      let cause = original instanceof Error ? original.cause : undefined;
      while (cause !== undefined) {
        io.stderr.write(`caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
        cause = cause instanceof Error ? cause.cause : undefined;
      }
    }
    return failure.exitCode;
  }
}
