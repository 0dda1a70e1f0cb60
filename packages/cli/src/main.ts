#!/usr/bin/env node
import { runCli } from './cli.js';
import { ExitCode } from './exit-codes.js';
import { interruptHandler } from './interrupt.js';
import { processIo } from './io.js';

// Ctrl-C: a copy or import in flight rolls back its open transaction (the server
// or SQLite does it when the connection drops), so exiting at once is safe.
process.once('SIGINT', () => {
  const handler = interruptHandler();
  if (handler) return handler();
  process.stderr.write('\nsessions: interrupted; sessions already written are complete, rerun to finish\n');
  process.exit(ExitCode.INTERRUPTED);
});

process.exitCode = await runCli(process.argv.slice(2), processIo());
