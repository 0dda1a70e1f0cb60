import { isSessionError } from '@sessions/core';
import { HELP, UsageError, parseDemoArgs, type DemoArgs } from './cli/args.js';

async function dispatch(args: DemoArgs): Promise<number | void> {
  switch (args.command) {
    case 'help':
      process.stdout.write(HELP);
      return;
    // Each command loads its own modules, so --help and mistakes answer fast.
    case 'tour':
      return (await import('./tour/tour.js')).tour(args);
    case 'chat':
      return (await import('./chat/chat.js')).chat(args);
    case 'golden-gate':
      return (await import('./commands/golden-gate.js')).goldenGate(args);
    case 'ask':
      return (await import('./commands/ask.js')).ask(args);
  }
}

async function main(): Promise<number> {
  try {
    const code = await dispatch(parseDemoArgs(process.argv.slice(2)));
    return code ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`demo: ${error.message}\nRun \`pnpm demo --help\` for the commands and options.\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`demo: ${isSessionError(error) ? `${error.code}: ` : ''}${message}\n`);
    if (isSessionError(error, 'MIGRATION_FAILED')) process.stderr.write('demo: add --migrate to apply the shipped migrations to this database first.\n');
    if (process.env.DEMO_DEBUG) console.error(error);
    return 1;
  }
}

process.exitCode = await main();
