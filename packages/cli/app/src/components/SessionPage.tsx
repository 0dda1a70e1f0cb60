import { useState } from 'preact/hooks';
import type { SessionOverview, StoreInfo } from '../../../src/ui/api-types.js';
import { ApiFailure } from '../api.js';
import { formatCount, formatTime } from '../format.js';
import { sessionHref } from '../router.js';
import { useApi } from '../use-api.js';
import { BranchTree } from './BranchTree.js';
import { Conversation } from './Conversation.js';
import { SessionUsage } from './SessionUsage.js';
import { ErrorBanner, Lacks, Loading } from './Status.js';

export function SessionPage(props: { info: StoreInfo; sessionId: string; branchId: string; tab: 'conversation' | 'usage' }) {
  const { info, sessionId, branchId, tab } = props;
  const [attempt, setAttempt] = useState(0);
  const overview = useApi<SessionOverview>('session', { id: sessionId }, `${sessionId}\u0000${attempt}`);
  if (overview.state === 'loading') return <Loading what={`session ${sessionId}`} />;
  if (overview.state === 'failed') {
    return (
      <div class="page">
        <a href="#/" class="back">
          ← Sessions
        </a>
        <ErrorBanner error={overview.error} retry={() => setAttempt((n) => n + 1)} />
      </div>
    );
  }
  const session = overview.value;
  const branch = session.branches.find((b) => b.branchId === branchId);
  return (
    <div class="page">
      <a href="#/" class="back">
        ← Sessions
      </a>
      <div class="page-head">
        <h1 data-testid="session-id">{session.sessionId}</h1>
        <p class="muted">
          created <time title={session.createdAt}>{formatTime(session.createdAt)}</time> · updated{' '}
          <time title={session.updatedAt}>{formatTime(session.updatedAt)}</time> · {formatCount(session.items)} items on main
          {session.owner ? ` · owner ${session.owner}` : ''}
        </p>
        {session.metadata && (
          <p class="metadata">
            {Object.entries(session.metadata).map(([k, v]) => (
              <span class="chip" key={k}>
                {k}={JSON.stringify(v)}
              </span>
            ))}
          </p>
        )}
      </div>
      <section class="panel">
        <h2>Branches</h2>
        {info.holds.branches ? (
          <BranchTree session={session} selected={branchId} />
        ) : (
          <Lacks lines={[`A ${info.kind} store keeps one history per session: main is all of it.`]} />
        )}
      </section>
      <nav class="tabs">
        <a href={sessionHref(sessionId, branchId)} class={tab === 'conversation' ? 'active' : ''}>
          Conversation
        </a>
        <a href={sessionHref(sessionId, branchId, 'usage')} class={tab === 'usage' ? 'active' : ''} data-testid="usage-tab">
          Usage
        </a>
      </nav>
      {!branch && <ErrorBanner error={new ApiFailure(404, `session ${sessionId} has no branch ${JSON.stringify(branchId)}`)} />}
      {branch && tab === 'conversation' && <Conversation key={`${sessionId}\u0000${branchId}`} info={info} session={session} branch={branch} />}
      {branch && tab === 'usage' && <SessionUsage key={`${sessionId}\u0000${branchId}`} info={info} session={session} branch={branch} />}
    </div>
  );
}
