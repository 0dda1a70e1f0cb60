import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, getJson, type Params } from './api.js';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: ApiFailure };

/** Loads one API answer, again whenever `key` changes. */
export function useApi<T>(name: string, params: Params, key: string): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    getJson<T>(name, params).then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: unknown) => current && setLoaded({ state: 'failed', error: error instanceof ApiFailure ? error : new ApiFailure(0, String(error)) }),
    );
    return () => {
      current = false;
    };
  }, [name, key]);
  return loaded;
}
