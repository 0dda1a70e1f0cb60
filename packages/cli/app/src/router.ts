import { useEffect, useState } from 'preact/hooks';

/** The page's place, kept in the address's #fragment so reloads and the back button work. */
export type Route =
  | { page: 'sessions'; params: URLSearchParams }
  | { page: 'session'; sessionId: string; branchId: string; tab: 'conversation' | 'usage' }
  | { page: 'usage' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'session' && parts[1] !== undefined) {
    return {
      page: 'session',
      sessionId: decodeURIComponent(parts[1]),
      branchId: params.get('branch') ?? 'main',
      tab: params.get('tab') === 'usage' ? 'usage' : 'conversation',
    };
  }
  if (parts[0] === 'usage') return { page: 'usage' };
  return { page: 'sessions', params };
}

export function sessionHref(sessionId: string, branchId = 'main', tab: 'conversation' | 'usage' = 'conversation'): string {
  const params = new URLSearchParams();
  if (branchId !== 'main') params.set('branch', branchId);
  if (tab !== 'conversation') params.set('tab', tab);
  const query = params.toString();
  return `#/session/${encodeURIComponent(sessionId)}${query ? `?${query}` : ''}`;
}

export function sessionsHref(params: URLSearchParams): string {
  const query = params.toString();
  return `#/${query ? `?${query}` : ''}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
