import { useEffect, useState } from 'react';

export type Load<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; value: T };

/**
 * Loads a page's data once per mount, and again when one of `deps` changes (e.g. a counter bumped after
 * a change), with loading and error states in words. A reload keeps showing the previous value until
 * the new one arrives, so the page does not jump.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Load<T> {
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
  }, deps); // once per mount, then when a dep changes
  return state;
}
