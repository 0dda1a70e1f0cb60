import type { StoreInfo } from '../../../src/ui/api-types.js';
import { useRoute } from '../router.js';
import { useApi } from '../use-api.js';
import { ErrorBanner, Loading } from './Status.js';
import { SessionPage } from './SessionPage.js';
import { SessionsPage } from './SessionsPage.js';
import { StoreUsagePage } from './StoreUsagePage.js';
import { useState } from 'preact/hooks';

export function App() {
  const route = useRoute();
  const [attempt, setAttempt] = useState(0);
  const store = useApi<StoreInfo>('store', {}, String(attempt));
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="#/">
          sessions <span>ui</span>
        </a>
        <nav>
          <a href="#/" class={route.page === 'usage' ? '' : 'active'}>
            Sessions
          </a>
          <a href="#/usage" class={route.page === 'usage' ? 'active' : ''}>
            Usage
          </a>
        </nav>
        {store.state === 'ready' && (
          <div class="store" title={store.value.display} data-testid="store">
            <span class="kind">{store.value.kind}</span>
            <span class="where">{store.value.display}</span>
          </div>
        )}
        <span class="badge" title="This page never writes to the store">
          read-only
        </span>
      </header>
      <main>
        {store.state === 'loading' && <Loading what="the store" />}
        {store.state === 'failed' && <ErrorBanner error={store.error} retry={() => setAttempt((n) => n + 1)} />}
        {store.state === 'ready' && route.page === 'sessions' && <SessionsPage info={store.value} params={route.params} />}
        {store.state === 'ready' && route.page === 'session' && (
          <SessionPage info={store.value} sessionId={route.sessionId} branchId={route.branchId} tab={route.tab} />
        )}
        {store.state === 'ready' && route.page === 'usage' && <StoreUsagePage info={store.value} />}
      </main>
    </div>
  );
}
