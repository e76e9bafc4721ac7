import type { ReactNode } from 'react';
import type { Load } from '../load';

/** What a `useLoad` state shows: "Loading…" in words, the failure in words, or the loaded content. */
export function Loaded<T>({ state, loading, children }: { state: Load<T>; loading: string; children: (value: T) => ReactNode }) {
  if (state.kind === 'loading') return <p role="status">{loading}</p>;
  if (state.kind === 'error') return <p role="alert">{state.message}</p>;
  return <>{children(state.value)}</>;
}
