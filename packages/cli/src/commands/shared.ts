import { checkSessionId } from '@sessions/core';
import { notFound, toCliError, usageError } from '../cli-error.js';
import type { CommandContext } from '../command.js';
import { write, type Io } from '../io.js';
import { parseStoreUrl, type StoreUrl } from '../store-url.js';
import type { CliStore } from '../stores/cli-store.js';
import { openStore, type OpenOptions } from '../stores/open-store.js';
import type { SessionRecord } from '../stores/records.js';

export function storeUrlOf(context: CommandContext, option = 'url'): StoreUrl {
  const given = context.values[option];
  const text = typeof given === 'string' ? given : option === 'url' ? context.io.env.SESSIONS_URL : undefined;
  const adapter = typeof context.values.adapter === 'string' ? context.values.adapter : context.io.env.SESSIONS_ADAPTER;
  return parseStoreUrl(text, `--${option}`, adapter);
}

/** Opens the store, runs `body`, closes it; store errors name the store. */
export async function withStore<T>(location: StoreUrl, options: OpenOptions, body: (store: CliStore) => Promise<T>): Promise<T> {
  const store = await openStore(location, options);
  try {
    return await body(store);
  } catch (error) {
    throw toCliError(error, location.display);
  } finally {
    await store.close();
  }
}

export function sessionIdArgument(value: string): string {
  try {
    return checkSessionId(value);
  } catch (error) {
    throw usageError(`bad session id: ${(error as Error).message}`);
  }
}

export async function requireSession(store: CliStore, sessionId: string): Promise<SessionRecord> {
  const record = await store.readSession(sessionId);
  if (!record) throw notFound(`unknown session ${JSON.stringify(sessionId)} in ${store.location.display}`);
  return record;
}

export function positiveInteger(value: unknown, option: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < 1 || n > max) {
    throw usageError(`--${option} must be an integer from 1 to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

export function printJson(io: Io, value: unknown): Promise<void> {
  return write(io.stdout, JSON.stringify(value, null, 2) + '\n');
}

/** Stable text for comparing items across stores (key order and number spelling aside). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

const itemsKey = (items: { data: string }[]) => items.map((item) => canonical(JSON.parse(item.data))).join('\n');

/** Whether `b` already holds what `a` holds: the same items on every branch, the same usage and metadata. */
export function sameContent(a: SessionRecord, b: SessionRecord): boolean {
  if (itemsKey(a.items) !== itemsKey(b.items)) return false;
  if (a.branches.length !== b.branches.length || a.usage.length !== b.usage.length) return false;
  const branches = new Map(b.branches.map((branch) => [branch.branchId, branch]));
  for (const branch of a.branches) {
    const other = branches.get(branch.branchId);
    if (!other || itemsKey(branch.items) !== itemsKey(other.items)) return false;
  }
  const usage = (r: SessionRecord) => r.usage.map(canonical).sort().join('\n');
  return usage(a) === usage(b) && canonical(a.metadata ?? null) === canonical(b.metadata ?? null);
}
