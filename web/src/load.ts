import { useEffect, useState } from 'react';

export type Load<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; value: T };

/** Loads a page's data once per mount, with loading and error states in words. */
export function useLoad<T>(load: () => Promise<T>): Load<T> {
  const [state, setState] = useState<Load<T>>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setState({ kind: 'done', value }),
      (err: unknown) => live && setState({ kind: 'error', message: err instanceof Error ? err.message : 'Something went wrong.' }),
    );
    return () => {
      live = false;
    };
  }, []); // once per mount: the page loads its data when shown
  return state;
}
