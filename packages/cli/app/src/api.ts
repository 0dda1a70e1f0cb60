import type { ApiError } from '../../src/ui/api-types.js';

/** A refused or failed API call, with the server's one-line reason. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// The address the page was opened with carries the token; the server also set a cookie from it.
const token = new URLSearchParams(location.search).get('token');

export type Params = Record<string, string | number | undefined | string[]>;

export async function getJson<T>(name: string, params: Params = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) query.append(key, String(one));
  }
  let response: Response;
  try {
    response = await fetch(`api/${name}${query.size > 0 ? `?${query}` : ''}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiFailure(0, 'the sessions ui server does not answer (was it stopped?)');
  }
  if (response.ok) return (await response.json()) as T;
  let message = `${response.status} ${response.statusText}`;
  try {
    message = ((await response.json()) as ApiError).error.message;
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiFailure(response.status, message);
}
