import { isSessionError } from '@sessions/core';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/** A failure the CLI reports in one line, with the exit code it maps to. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCodeValue;

  constructor(exitCode: ExitCodeValue, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string): CliError => new CliError(ExitCode.USAGE, message);
export const notFound = (message: string): CliError => new CliError(ExitCode.NOT_FOUND, message);

/** The server cannot be reached at all. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  // PostgreSQL: the server is starting up or shutting down.
  '57P03',
  '57P01',
]);

/** The server answers but will not open the store for us. */
const REFUSED_CODES = new Set([
  // PostgreSQL: unknown database, bad password, no such role, too many clients.
  '3D000',
  '28P01',
  '28000',
  '53300',
  // MySQL/MariaDB: unknown database, access denied, too many connections, host blocked.
  'ER_BAD_DB_ERROR',
  'ER_ACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_NOT_SUPPORTED_AUTH_MODE',
  'ER_CON_COUNT_ERROR',
  'ER_HOST_IS_BLOCKED',
  'ER_HOST_NOT_PRIVILEGED',
  'SQLITE_CANTOPEN',
]);

const MISSING_TABLE_CODES = new Set(['42P01', 'ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR', '42703']);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Every error in a cause chain, including the members of AggregateErrors (pg tries each address). */
function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined || next === null || seen.has(next)) continue;
    seen.add(next);
    yield next;
    if (next instanceof AggregateError) queue.push(...next.errors);
    if (next instanceof Error && next.cause !== undefined) queue.push(next.cause);
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    const first = error.errors[0];
    return first instanceof Error ? first.message : String(first);
  }
  return error instanceof Error ? error.message || error.name : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Maps anything thrown to a one-line message and a stable exit code. */
export function toCliError(error: unknown, where?: string): CliError {
  if (error instanceof CliError) return error;
  const prefix = where ? `${where}: ` : '';
  for (const cause of causes(error)) {
    const code = errorCode(cause);
    if (code !== undefined && NETWORK_CODES.has(code)) {
      return new CliError(ExitCode.UNREACHABLE, oneLine(`cannot reach ${prefix || 'the store: '}${messageOf(cause)}`), { cause: error });
    }
    if (code !== undefined && REFUSED_CODES.has(code)) {
      return new CliError(ExitCode.UNREACHABLE, oneLine(`cannot open ${prefix || 'the store: '}${messageOf(cause)}`), { cause: error });
    }
    if ((code !== undefined && MISSING_TABLE_CODES.has(code)) || /no such table/i.test(messageOf(cause))) {
      return new CliError(
        ExitCode.NOT_MIGRATED,
        oneLine(`${prefix}the session tables are missing or out of date (${messageOf(cause)}); run: sessions migrate --url ${where ?? '<url>'}`),
        { cause: error },
      );
    }
  }
  if (isSessionError(error)) {
    const exitCode =
      error.code === 'NOT_FOUND'
        ? ExitCode.NOT_FOUND
        : error.code === 'INVALID_ARGUMENT'
          ? ExitCode.USAGE
          : error.code === 'CONFLICT'
            ? ExitCode.CONFLICT
            : error.code === 'CONNECTION_LOST'
              ? ExitCode.UNREACHABLE
              : ExitCode.FAILURE;
    return new CliError(exitCode, oneLine(prefix + error.message), { cause: error });
  }
  return new CliError(ExitCode.FAILURE, oneLine(prefix + messageOf(error)), { cause: error });
}
