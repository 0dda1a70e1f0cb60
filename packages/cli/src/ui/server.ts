import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError, toCliError, usageError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import { Access } from './access.js';
import { apiRoute } from './api-routes.js';
import type { ApiError } from './api-types.js';
import { loadAppFiles, type AppFile } from './app-files.js';
import type { InspectorSource } from './source/inspector-source.js';

const HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const STATUS: Partial<Record<number, number>> = {
  [ExitCode.USAGE]: 400,
  [ExitCode.NOT_FOUND]: 404,
  [ExitCode.UNREACHABLE]: 503,
  [ExitCode.NOT_MIGRATED]: 503,
};

export interface Inspector {
  /** The address to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  response.writeHead(status, { ...HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

const sendText = (response: ServerResponse, status: number, text: string) => send(response, status, 'text/plain; charset=utf-8', `${text}\n`);

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** The request path, decoded; undefined when it is malformed or climbs out of the app (`..`, backslashes, NUL). */
function safePath(pathname: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\\') || path.includes('\0') || path.split('/').some((part) => part === '..' || part === '.')) return undefined;
  return path;
}

/**
 * Starts the inspector's HTTP server: the built page and a read-only JSON
 * API over `source`. Only GET and HEAD are served; every request is checked
 * for its Host and token first.
 */
export async function startInspector(source: InspectorSource, options: { host: string; port: number; onError?: (error: unknown) => void }): Promise<Inspector> {
  const files = loadAppFiles();
  let access: Access | undefined;
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.onError?.(error);
      if (!response.headersSent) sendText(response, 500, 'sessions ui: internal error');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!access!.hostAllowed(request)) return sendText(response, 403, `sessions ui: refused: Host ${JSON.stringify(request.headers.host ?? '')} is not the address this server was started for`);
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain; charset=utf-8', 'sessions ui is read-only\n', { Allow: 'GET, HEAD' });
    const url = new URL(request.url ?? '/', 'http://inspector.invalid');
    const presented = access!.presented(request, url);
    if (!presented || !access!.tokenValid(presented.token)) {
      return sendText(response, 401, 'sessions ui: refused: open the address sessions ui printed when it started (it carries the access token)');
    }
    const path = safePath(url.pathname);
    if (path === undefined) return sendText(response, 400, 'sessions ui: refused: the path leaves the app');
    if (path.startsWith('/api/')) return api(path.slice('/api/'.length), url.searchParams, response);
    const file: AppFile | undefined = files.get(path);
    if (!file) return sendText(response, 404, `sessions ui: no such page: ${path}`);
    send(response, 200, file.type, file.body, presented.fromAddress ? { 'Set-Cookie': access!.cookie() } : {});
  }

  async function api(name: string, params: URLSearchParams, response: ServerResponse): Promise<void> {
    try {
      const answer = apiRoute(name, params, source);
      if (!answer) throw usageError(`no such API: ${name}`);
      sendJson(response, 200, await answer);
    } catch (error) {
      const failure = error instanceof CliError ? error : toCliError(error);
      const status = STATUS[failure.exitCode] ?? 500;
      if (status === 500) options.onError?.(error);
      sendJson(response, status, { error: { status, message: failure.message } } satisfies ApiError);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  access = new Access(options.host, port);
  const shownHost = ['0.0.0.0', '::', '[::]'].includes(options.host) ? '127.0.0.1' : options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${access.token}`,
    port,
    token: access.token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
