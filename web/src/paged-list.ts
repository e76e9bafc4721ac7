import { useEffect, useState } from 'react';
import { apiGet } from './api';
import type { Session } from './auth';
import { errorWords } from './errors';

export type PagedList<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; items: T[]; next: string | undefined };

/**
 * A list read a page at a time: the first page of `firstPage` (read again whenever that URL changes),
 * then `loadMore()` follows the `Link: rel="next"` header and appends. `more` is true while it does.
 */
export function usePagedList<T>(session: Session, firstPage: string): { state: PagedList<T>; more: boolean; loadMore: () => Promise<void> } {
  const [state, setState] = useState<PagedList<T>>({ kind: 'loading' });
  const [more, setMore] = useState(false);

  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    apiGet<T[]>(session, firstPage).then(
      ({ body, next }) => live && setState({ kind: 'done', items: body, next }),
      (err: unknown) => live && setState({ kind: 'error', message: errorWords(err) }),
    );
    return () => {
      live = false;
    };
  }, [session, firstPage]);

  async function loadMore(): Promise<void> {
    if (state.kind !== 'done' || !state.next) return;
    setMore(true);
    try {
      const { body, next } = await apiGet<T[]>(session, state.next);
      setState({ kind: 'done', items: [...state.items, ...body], next });
    } catch (err) {
      setState({ kind: 'error', message: errorWords(err) });
    } finally {
      setMore(false);
    }
  }

  return { state, more, loadMore };
}
