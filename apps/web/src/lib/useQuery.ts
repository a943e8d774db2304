import { useCallback, useEffect, useRef, useState } from 'react';
import { type Document, request } from './client';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again (after a change); the data stays on screen meanwhile. */
  refetch: () => Promise<void>;
}

/** One typed operation for a screen, loaded on mount and whenever its variables change. */
export function useQuery<TResult, TVariables>(
  doc: Document<TResult, TVariables>,
  variables: TVariables,
  options: { skip?: boolean } = {},
): QueryState<TResult> {
  const [data, setData] = useState<TResult>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(!options.skip);
  const key = JSON.stringify(variables);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const result = await (request as (d: Document<TResult, TVariables>, v: TVariables) => Promise<TResult>)(doc, JSON.parse(key) as TVariables);
      if (mine === seq.current) {
        setData(result);
        setError(undefined);
      }
    } catch (e) {
      if (mine === seq.current) setError(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [doc, key]);

  useEffect(() => {
    if (!options.skip) void load();
  }, [load, options.skip]);

  return { data, error, loading, refetch: load };
}
