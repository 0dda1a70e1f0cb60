import { usageError } from '../cli-error.js';
import type { SessionQuery, SortKey } from './api-types.js';
import type { InspectorSource } from './source/inspector-source.js';

const SORTS: readonly SortKey[] = ['updated', 'created', 'items', 'branches', 'tokens', 'cost'];
const MAX_LIST = 200;
const MAX_TURNS = 200;

function text(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
}

function required(params: URLSearchParams, name: string): string {
  const value = text(params, name);
  if (value === undefined) throw usageError(`${name} is required`);
  return value;
}

function integer(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const value = text(params, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw usageError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

function sessionQuery(params: URLSearchParams): SessionQuery {
  const sort = (text(params, 'sort') ?? 'updated') as SortKey;
  if (!SORTS.includes(sort)) throw usageError(`sort must be one of ${SORTS.join(', ')}`);
  const order = text(params, 'order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw usageError('order must be asc or desc');
  const metadata: Record<string, string> = {};
  for (const pair of params.getAll('meta')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw usageError(`meta must be key=value, got ${JSON.stringify(pair)}`);
    metadata[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    sort,
    order,
    limit: integer(params, 'limit', 50, 1, MAX_LIST),
    cursor: text(params, 'cursor'),
    owner: text(params, 'owner'),
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
    search: text(params, 'q'),
  };
}

/** The JSON API: `GET /api/<name>?...`; undefined for an unknown name. */
export function apiRoute(name: string, params: URLSearchParams, source: InspectorSource): Promise<unknown> | undefined {
  switch (name) {
    case 'store':
      return source.info();
    case 'usage':
      return source.storeUsage();
    case 'sessions':
      return source.listSessions(sessionQuery(params));
    case 'session':
      return source.session(required(params, 'id'));
    case 'turns': {
      const from = text(params, 'from');
      return source.turns(required(params, 'id'), text(params, 'branch') ?? 'main', {
        cursor: text(params, 'cursor'),
        fromTurn: from === undefined ? undefined : integer(params, 'from', 0, 0, Number.MAX_SAFE_INTEGER),
        limit: integer(params, 'limit', 50, 1, MAX_TURNS),
      });
    }
    case 'turn-usage':
      return source.usage(required(params, 'id'), text(params, 'branch') ?? 'main', {
        fromTurn: integer(params, 'from', 0, 0, Number.MAX_SAFE_INTEGER),
        limit: integer(params, 'limit', 100, 1, MAX_TURNS),
      });
    default:
      return undefined;
  }
}
