import type { ApiFailure } from '../api.js';

export function Loading({ what }: { what: string }) {
  return <p class="loading">Reading {what}…</p>;
}

/** A failure of the store or the server, said on the page; the server keeps running, so trying again may work. */
export function ErrorBanner({ error, retry }: { error: ApiFailure; retry?: () => void }) {
  const title =
    error.status === 503 ? 'The store cannot be read right now' : error.status === 404 ? 'Not found' : error.status === 0 ? 'No answer' : 'Something went wrong';
  return (
    <div class="error" role="alert" data-testid="error">
      <strong>{title}</strong>
      <p>{error.message}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** What a store does not keep, said once instead of showing empty panels. */
export function Lacks({ lines, testId = 'lacks' }: { lines: string[]; testId?: string }) {
  if (lines.length === 0) return null;
  return (
    <div class="note" data-testid={testId}>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
