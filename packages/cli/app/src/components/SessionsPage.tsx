import { useEffect, useState } from 'preact/hooks';
import type { SessionPage, SessionRow, SortKey, StoreInfo } from '../../../src/ui/api-types.js';
import { ApiFailure, getJson } from '../api.js';
import { formatCost, formatCount, formatTime, plural, shortId } from '../format.js';
import { sessionHref, sessionsHref } from '../router.js';
import { ErrorBanner, Lacks, Loading } from './Status.js';

const PAGE = 50;

const COLUMNS: { key: SortKey; label: string; title: string; needs?: keyof StoreInfo['holds'] }[] = [
  { key: 'updated', label: 'Updated', title: 'last write' },
  { key: 'created', label: 'Created', title: 'first write' },
  { key: 'items', label: 'Items', title: 'items on main' },
  { key: 'branches', label: 'Branches', title: 'branches, main included', needs: 'branches' },
  { key: 'tokens', label: 'Tokens', title: 'tokens of every run on every branch', needs: 'usage' },
  { key: 'cost', label: 'Cost', title: 'priced with the default price table (or --prices)', needs: 'usage' },
];

function CostCell({ row }: { row: SessionRow }) {
  const usage = row.usage;
  if (!usage || usage.runs === 0) return <span class="muted">—</span>;
  if (usage.unpricedRuns === usage.runs) return <span class="flag" title="no run of this session has a priced model">unpriced</span>;
  return (
    <span>
      {formatCost(usage.cost)}
      {usage.unpricedRuns > 0 && (
        <span class="flag" title={`${plural(usage.unpricedRuns, 'run')} of models without a price, not in this cost`}>
          {' '}
          + unpriced
        </span>
      )}
    </span>
  );
}

function Filters({ info, params }: { info: StoreInfo; params: URLSearchParams }) {
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [owner, setOwner] = useState(params.get('owner') ?? '');
  const [meta, setMeta] = useState(params.getAll('meta').join(', '));
  const apply = (event: Event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of ['sort', 'order']) if (params.get(key)) next.set(key, params.get(key)!);
    if (search.trim()) next.set('q', search.trim());
    if (owner.trim()) next.set('owner', owner.trim());
    for (const pair of meta.split(',').map((p) => p.trim()).filter(Boolean)) next.append('meta', pair);
    location.hash = sessionsHref(next);
  };
  return (
    <form class="filters" onSubmit={apply}>
      <label>
        Search
        <input type="search" name="q" placeholder="text in any message or tool call" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      </label>
      <label title={info.holds.owner ? 'sessions of one user or tenant' : 'this store keeps no session owners'}>
        Owner
        <input name="owner" placeholder={info.holds.owner ? 'user or tenant id' : 'not kept by this store'} disabled={!info.holds.owner} value={owner} onInput={(e) => setOwner(e.currentTarget.value)} />
      </label>
      <label title={info.holds.metadata ? 'key=value, comma separated; 42, true and null match JSON values, "42" the text' : 'this store keeps no metadata'}>
        Metadata
        <input name="meta" placeholder={info.holds.metadata ? 'user=alice, vip=true' : 'not kept by this store'} disabled={!info.holds.metadata} value={meta} onInput={(e) => setMeta(e.currentTarget.value)} />
      </label>
      <button type="submit">Filter</button>
      {(params.get('q') || params.get('owner') || params.get('meta')) && <a href="#/">Clear</a>}
    </form>
  );
}

export function SessionsPage({ info, params }: { info: StoreInfo; params: URLSearchParams }) {
  const sort = (params.get('sort') as SortKey | null) ?? 'updated';
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const query = { sort, order, q: params.get('q') ?? undefined, owner: params.get('owner') ?? undefined, meta: params.getAll('meta'), limit: PAGE };
  const key = params.toString();
  const [rows, setRows] = useState<SessionRow[] | undefined>();
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState<ApiFailure | undefined>();
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const load = async (after: string | undefined) => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await getJson<SessionPage>('sessions', { ...query, cursor: after });
      setRows((before) => (after ? [...(before ?? []), ...page.sessions] : page.sessions));
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(failure as ApiFailure);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    setRows(undefined);
    void load(undefined);
  }, [key, attempt]);

  const columns = COLUMNS.filter((c) => !c.needs || info.holds[c.needs]);
  const sortHref = (column: SortKey) => {
    const next = new URLSearchParams(params);
    next.set('sort', column);
    next.set('order', column === sort && order === 'desc' ? 'asc' : 'desc');
    return sessionsHref(next);
  };
  // The owner column shows once a listed session has an owner.
  const owners = rows?.some((row) => row.owner) ?? false;
  const filtered = Boolean(query.q || query.owner || query.meta.length > 0);
  return (
    <div class="page">
      <div class="page-head">
        <h1>Sessions</h1>
        <p class="muted">Most recently updated first; click a column to order by it.</p>
      </div>
      <Filters info={info} params={params} />
      {!info.holds.branches && <Lacks lines={info.lacks} />}
      {error && <ErrorBanner error={error} retry={() => setAttempt((n) => n + 1)} />}
      {rows === undefined && !error && <Loading what="sessions" />}
      {rows !== undefined && rows.length === 0 && (
        <p class="empty">
          {cursor ? 'No match among the sessions searched so far.' : filtered ? 'No session matches these filters.' : 'This store holds no sessions yet.'}
        </p>
      )}
      {rows !== undefined && rows.length > 0 && (
        <table class="sessions" data-testid="sessions">
          <thead>
            <tr>
              <th>Session</th>
              {columns.map((c) => (
                <th key={c.key} class={`num ${c.key === sort ? 'sorted' : ''}`} title={c.title}>
                  <a href={sortHref(c.key)}>
                    {c.label}
                    {c.key === sort ? (order === 'desc' ? ' ↓' : ' ↑') : ''}
                  </a>
                </th>
              ))}
              {owners && <th>Owner</th>}
              {info.holds.metadata && <th>Metadata</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.sessionId} data-session={row.sessionId}>
                <td class="id">
                  <a href={sessionHref(row.sessionId)} title={row.sessionId}>
                    {shortId(row.sessionId, 40)}
                  </a>
                </td>
                {columns.map((c) => (
                  <td key={c.key} class="num">
                    {c.key === 'updated' && <time title={row.updatedAt}>{formatTime(row.updatedAt)}</time>}
                    {c.key === 'created' && <time title={row.createdAt}>{formatTime(row.createdAt)}</time>}
                    {c.key === 'items' && formatCount(row.items)}
                    {c.key === 'branches' && formatCount(row.branches ?? 1)}
                    {c.key === 'tokens' && (row.usage && row.usage.runs > 0 ? formatCount(row.usage.totalTokens) : <span class="muted">—</span>)}
                    {c.key === 'cost' && <CostCell row={row} />}
                  </td>
                ))}
                {owners && <td class="owner">{row.owner ?? <span class="muted">—</span>}</td>}
                {info.holds.metadata && (
                  <td class="meta">
                    {Object.entries(row.metadata ?? {}).map(([k, v]) => (
                      <span class="chip" key={k}>
                        {k}={JSON.stringify(v)}
                      </span>
                    ))}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" class="more" disabled={busy} onClick={() => void load(cursor)}>
          {busy ? 'Loading…' : query.q ? 'Search further' : `Load ${PAGE} more`}
        </button>
      )}
    </div>
  );
}
