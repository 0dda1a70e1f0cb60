import { spawn } from 'node:child_process';
import { CliError, usageError } from '../cli-error.js';
import { pricesOption, urlOption, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { onInterrupt } from '../interrupt.js';
import { write } from '../io.js';
import { isLoopback } from '../ui/access.js';
import { startInspector, type Inspector } from '../ui/server.js';
import { openInspectorSource } from '../ui/source/inspector-source.js';
import { storeUrlOf } from './shared.js';

function portOf(value: unknown): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n > 65535) throw usageError(`--port must be an integer from 0 (any free port) to 65535, got ${JSON.stringify(value)}`);
  return n;
}

/** Opens `url` in the desktop's browser, if there is one; failing is fine (the address is printed). */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}

async function listen(start: () => Promise<Inspector>, host: string, port: number): Promise<Inspector> {
  try {
    return await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(ExitCode.FAILURE, `port ${port} on ${host} is in use: pick another --port, or leave it out for a free one`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
      throw new CliError(ExitCode.USAGE, `cannot listen on ${host}:${port} (${code}): check --host and --port`);
    }
    throw error;
  }
}

export const uiCommand: Command = {
  name: 'ui',
  summary: 'a local web page to inspect sessions, branches, conversations and cost (read-only)',
  usage: 'sessions ui --url URL [--host HOST] [--port PORT] [--open] [--prices FILE]',
  details: [
    'Serves a page on 127.0.0.1, on a free port, and prints its address. The address carries a random',
    'token: every request needs it, and the Host header must be the address served, so other sites',
    'open in your browser cannot read the store. The page only reads; nothing is ever written.',
    'Ctrl-C stops it.',
    '',
    '--host 0.0.0.0 (or another address) lets other machines reach the page: anyone who can reach that',
    'address and learns the token (shared links, shell history, screenshots) can read every',
    'conversation in the store, and the traffic is plain HTTP. Prefer an SSH tunnel to the default.',
  ].join('\n'),
  options: {
    url: urlOption,
    host: { type: 'string', value: 'HOST', description: 'address to listen on (default 127.0.0.1; see the risk above)' },
    port: { type: 'string', short: 'p', value: 'PORT', description: 'port to listen on (default: a free one)' },
    open: { type: 'boolean', description: "open the page in the desktop's browser" },
    prices: pricesOption,
  },
  positionals: { min: 0, max: 0, what: '' },
  async run(context) {
    const { io, values } = context;
    const location = storeUrlOf(context);
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    if (host.trim() === '') throw usageError('--host must name an address, e.g. 127.0.0.1');
    const port = portOf(values.port);
    const source = await openInspectorSource(location, { prices: typeof values.prices === 'string' ? values.prices : undefined });
    let inspector: Inspector;
    try {
      inspector = await listen(
        () => startInspector(source, { host, port, onError: (error) => io.stderr.write(`sessions ui: ${error instanceof Error ? error.message : String(error)}\n`) }),
        host,
        port,
      );
    } catch (error) {
      await source.close();
      throw error;
    }
    await write(io.stdout, `sessions ui: ${inspector.url}  (read-only, Ctrl-C to stop)\nstore: ${location.display}\n`);
    if (!isLoopback(host)) {
      io.stderr.write(`sessions ui: listening on ${host}: anyone who can reach it and has the address can read this store (see sessions ui --help)\n`);
    }
    if (values.open) openBrowser(inspector.url);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      onInterrupt(stop);
      process.once('SIGTERM', stop);
    });
    onInterrupt(undefined);
    await inspector.close();
    await source.close();
    await write(io.stdout, 'sessions ui: stopped\n');
  },
};
