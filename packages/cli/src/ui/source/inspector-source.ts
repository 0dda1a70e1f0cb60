import type { SessionStore } from '@sessions/core';
import { statSync } from 'node:fs';
import { CliError, toCliError } from '../../cli-error.js';
import { ExitCode } from '../../exit-codes.js';
import { loadPricer } from '../../pricing.js';
import type { StoreUrl } from '../../store-url.js';
import { openSessionStoreAt } from '../../stores/open-store.js';
import type { InspectorReader } from './reader.js';

export type { InspectorReader, TurnPageRequest } from './reader.js';

/**
 * Everything `sessions ui` reads, and the only place it reads from: an
 * InspectorReader over the store, kept open between requests and opened
 * again after a failure, so a store that was unreachable for a while is
 * read again once it is back. Every error is a CliError naming the store.
 */
export interface InspectorSource extends AsyncMethods<InspectorReader> {
  close(): Promise<void>;
}

type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };

interface Opened {
  store: SessionStore;
  reader: InspectorReader;
  /** SQLite: the file opened, so a file removed or replaced is noticed (an open handle would keep reading the old one). */
  file?: { dev: number; ino: number };
}

async function readerOf(store: SessionStore, display: string, prices: string | undefined): Promise<InspectorReader> {
  if (store.capabilities.advanced) {
    const { AdvancedReader } = await import('./advanced-reader.js');
    return new AdvancedReader(store, display, await loadPricer(prices));
  }
  const { PlainReader } = await import('./plain-reader.js');
  return new PlainReader(store, display);
}

function fileIdentity(location: StoreUrl): { dev: number; ino: number } | undefined {
  if (location.dialect !== 'sqlite') return undefined;
  try {
    const { dev, ino } = statSync(location.path);
    return { dev, ino };
  } catch (error) {
    throw new CliError(ExitCode.UNREACHABLE, `cannot open SQLite store ${location.path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file is gone' : (error as Error).message}`, {
      cause: error,
    });
  }
}

/** Opens the store once (failing as the other commands fail when it cannot be read) and returns the source over it. */
export async function openInspectorSource(location: StoreUrl, options: { prices?: string | undefined } = {}): Promise<InspectorSource> {
  let opened: Promise<Opened> | undefined;

  const open = async (): Promise<Opened> => {
    const store = await openSessionStoreAt(location);
    try {
      const file = fileIdentity(location);
      const reader = await readerOf(store, location.display, options.prices);
      // Reads something, so a missing table or an unmigrated database shows now rather than on the first page.
      await reader.listSessions({ sort: 'updated', order: 'desc', limit: 1 });
      return { store, reader, ...(file ? { file } : {}) };
    } catch (error) {
      await store.close();
      throw error;
    }
  };

  const reset = async () => {
    const current = opened;
    opened = undefined;
    await current?.then((o) => o.store.close()).catch(() => {});
  };

  const use = async <T>(read: (reader: InspectorReader) => T | Promise<T>): Promise<T> => {
    try {
      opened ??= open();
      const current = await opened;
      if (current.file) {
        const now = fileIdentity(location);
        if (now?.ino !== current.file.ino || now.dev !== current.file.dev) {
          await reset();
          return await use(read);
        }
      }
      return await read(current.reader);
    } catch (error) {
      const failure = toCliError(error, location.display);
      // A wrong request leaves the connection as it was; anything else may have broken it.
      if (failure.exitCode !== ExitCode.NOT_FOUND && failure.exitCode !== ExitCode.USAGE) await reset();
      throw failure;
    }
  };

  await use(() => undefined);
  return {
    info: () => use((r) => r.info()),
    listSessions: (query) => use((r) => r.listSessions(query)),
    session: (id) => use((r) => r.session(id)),
    turns: (id, branch, page) => use((r) => r.turns(id, branch, page)),
    usage: (id, branch, range) => use((r) => r.usage(id, branch, range)),
    storeUsage: () => use((r) => r.storeUsage()),
    close: reset,
  };
}
