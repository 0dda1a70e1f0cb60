import { useEffect, useRef, useState } from 'preact/hooks';
import type { BranchView, SessionOverview, StoreInfo, TurnPage, TurnView } from '../../../src/ui/api-types.js';
import { ApiFailure, getJson } from '../api.js';
import { formatCost, formatCount, formatTime, plural, shortId } from '../format.js';
import { ItemCard } from './ItemCard.js';
import { ErrorBanner } from './Status.js';

const PAGE = 30;

/** Appends a page; a page that starts inside the last turn (stores that page by items) continues it. */
function merge(turns: TurnView[], page: TurnView[]): TurnView[] {
  const last = turns[turns.length - 1];
  const first = page[0];
  if (last && first && last.turn === first.turn) {
    return [...turns.slice(0, -1), { ...last, items: [...last.items, ...first.items] }, ...page.slice(1)];
  }
  return [...turns, ...page];
}

function TurnCard({ turn, parent }: { turn: TurnView; parent: string | null }) {
  const usage = turn.usage;
  return (
    <section class={`turn ${turn.inherited ? 'inherited' : ''}`} data-turn={turn.turn} data-testid="turn">
      <header>
        <span class="turn-no">{turn.turn === 0 ? 'Before the first user message' : `Turn ${formatCount(turn.turn)}`}</span>
        {turn.inherited && parent !== null && (
          <span class="tag inherited" title="this turn was read from the branch this one was created from">
            inherited from {shortId(parent, 24)}
          </span>
        )}
        <time title={turn.items[0]?.createdAt}>{formatTime(turn.items[0]?.createdAt ?? '')}</time>
        {usage && usage.runs > 0 && (
          <span class="turn-usage" title={`${plural(usage.runs, 'run')}, ${plural(usage.requests, 'request')}`}>
            {formatCount(usage.totalTokens)} tokens · {usage.unpricedRuns > 0 && usage.cost === 0 ? 'unpriced' : formatCost(usage.cost)}
          </span>
        )}
      </header>
      {turn.items.map((item, i) => (
        <ItemCard key={i} view={item} />
      ))}
    </section>
  );
}

/** A branch's conversation, read a page of turns at a time as it is scrolled. */
export function Conversation({ info, session, branch }: { info: StoreInfo; session: SessionOverview; branch: BranchView }) {
  const [turns, setTurns] = useState<TurnView[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [start, setStart] = useState(0);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const [jump, setJump] = useState('');
  const sentinel = useRef<HTMLDivElement>(null);
  const loading = useRef(false);

  const load = async (from: { cursor?: string; fromTurn?: number }, replace: boolean) => {
    if (loading.current) return;
    loading.current = true;
    setBusy(true);
    setError(undefined);
    try {
      const page = await getJson<TurnPage>('turns', { id: session.sessionId, branch: branch.branchId, limit: PAGE, cursor: from.cursor, from: from.fromTurn });
      setTurns((before) => (replace ? page.turns : merge(before, page.turns)));
      setCursor(page.nextCursor);
      setDone(page.nextCursor === undefined);
    } catch (failure) {
      setError(failure as ApiFailure);
    } finally {
      loading.current = false;
      setBusy(false);
    }
  };

  useEffect(() => {
    void load({ fromTurn: start > 0 ? start : undefined }, true);
  }, [start]);

  useEffect(() => {
    const element = sentinel.current;
    if (!element || done || error) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && cursor !== undefined) void load({ cursor }, false);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [cursor, done, error]);

  const jumpTo = (event: Event) => {
    event.preventDefault();
    const n = Number(jump);
    if (Number.isInteger(n) && n >= 0) setStart(n);
  };

  return (
    <section class="panel conversation" data-testid="conversation">
      <div class="panel-head">
        <h2>
          {shortId(branch.branchId, 40)}
          <span class="muted">
            {' '}
            · {branch.turns === null ? plural(branch.items, 'item') : `${plural(branch.turns, 'turn')}, ${plural(branch.items, 'item')}`}
          </span>
        </h2>
        {info.turnIndex && (branch.turns ?? 0) > PAGE && (
          <form class="jump" onSubmit={jumpTo}>
            <label>
              Jump to turn <input type="number" min={0} max={branch.turns ?? 0} value={jump} onInput={(e) => setJump(e.currentTarget.value)} />
            </label>
            <button type="submit">Go</button>
            {start > 0 && (
              <button type="button" onClick={() => setStart(0)}>
                First turn
              </button>
            )}
          </form>
        )}
      </div>
      {!info.turnIndex && <p class="muted small">A {info.kind} store does not number turns: they are counted as the conversation is read from its start.</p>}
      {turns.length === 0 && done && !error && <p class="empty">No items on this branch.</p>}
      {turns.map((turn) => (
        <TurnCard key={turn.turn} turn={turn} parent={branch.parentBranchId} />
      ))}
      {error && <ErrorBanner error={error} retry={() => void load(cursor ? { cursor } : { fromTurn: start }, turns.length === 0)} />}
      {!done && !error && (
        <div ref={sentinel} class="sentinel">
          {busy ? 'Reading…' : ''}
        </div>
      )}
      {done && turns.length > 0 && <p class="end muted">End of the branch.</p>}
    </section>
  );
}
