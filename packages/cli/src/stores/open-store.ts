import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { isSessionError, type Keyring, type OpenSessionStore, type OpenSessionStoreOptions, type SessionStore } from '@sessions/core';
import { CliError, toCliError, usageError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import type { StoreUrl } from '../store-url.js';
import { CliStore } from './cli-store.js';

export interface OpenOptions {
  /**
   * Create what is missing: a SQLite file and its tables (import and copy
   * destinations). A new file gets `@sessions/advanced-sqlite`'s tables, a
   * superset that keeps branches, usage and metadata. Servers are never
   * migrated behind the user's back: run `sessions migrate`.
   */
  create?: boolean | undefined;
  /** Encryption at rest: the keys of `--key-file`, so encrypted sessions read as clear items and writes are encrypted. */
  encryption?: Keyring | undefined;
}

/** A module given with `--adapter`: a path or a package name exporting `openSessionStore`. */
async function adapterModule(specifier: string): Promise<OpenSessionStore> {
  const target = specifier.startsWith('.') || specifier.startsWith('/') ? pathToFileURL(resolve(specifier)).href : specifier;
  let module: { openSessionStore?: unknown };
  try {
    module = (await import(target)) as { openSessionStore?: unknown };
  } catch (error) {
    throw new CliError(ExitCode.USAGE, `--adapter ${specifier}: cannot load it (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
  if (typeof module.openSessionStore !== 'function') throw usageError(`--adapter ${specifier}: the module exports no openSessionStore function`);
  return module.openSessionStore as OpenSessionStore;
}

/**
 * The adapter for a URL, loaded only when needed (a server command never
 * loads better-sqlite3): PostgreSQL and MySQL URLs go to their packages, a
 * file to `@sessions/advanced-sqlite` (which opens a file holding only
 * `@sessions/sqlite`'s tables as that plain store), any other scheme to
 * the `--adapter` module.
 */
async function openSessionStoreFor(location: StoreUrl): Promise<OpenSessionStore> {
  switch (location.dialect) {
    case 'sqlite':
      return (await import('@sessions/advanced-sqlite')).openSessionStore;
    case 'postgres':
      return (await import('@sessions/postgres')).openSessionStore;
    case 'mysql':
      return (await import('@sessions/mysql')).openSessionStore;
    case 'adapter':
      return adapterModule(location.adapter);
  }
}

/** Opens the store a URL names through the store contract; failures become the CLI's one-line errors. */
export async function openSessionStoreAt(location: StoreUrl, options: OpenSessionStoreOptions = {}): Promise<SessionStore> {
  const open = await openSessionStoreFor(location);
  try {
    return await open(location.dialect === 'sqlite' ? location.path : location.url, options);
  } catch (error) {
    // A store that is not there (a missing file) cannot be opened: like an unreachable server.
    if (isSessionError(error, 'NOT_FOUND')) throw new CliError(ExitCode.UNREACHABLE, `cannot open ${location.display}: ${error.message}`, { cause: error });
    throw toCliError(error, location.display);
  }
}

export async function openStore(location: StoreUrl, options: OpenOptions = {}): Promise<CliStore> {
  return new CliStore(location, await openSessionStoreAt(location, { create: options.create === true, encryption: options.encryption }));
}
