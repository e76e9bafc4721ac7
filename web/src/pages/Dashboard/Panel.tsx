import { useId, type ReactNode } from 'react';
import type { Load } from '../../load';

/**
 * A dashboard panel: its heading, then its own loading state, error (in words) or content. Each panel
 * loads on its own, and its class reserves the height its content will take, so nothing moves when
 * the answers arrive.
 */
export function Panel<T>({ title, load, loading, className, testId, children }: { title: string; load: Load<T>; loading: string; className: string; testId: string; children: (value: T) => ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className={`panel dash-panel ${className}`} data-testid={testId} aria-busy={load.kind === 'loading'}>
      <h2 id={id}>{title}</h2>
      {load.kind === 'loading' && <p role="status">{loading}</p>}
      {load.kind === 'error' && (
        <p role="alert" data-testid={`${testId}-error`}>
          {load.message}
        </p>
      )}
      {load.kind === 'done' && children(load.value)}
    </section>
  );
}
