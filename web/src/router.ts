import { useSyncExternalStore } from 'react';

/**
 * Client-side routing under /console/ with the history API (no router library: the first load stays
 * small). The server answers every /console/* path with index.html, so any of these URLs can be
 * reloaded or shared.
 */
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = () => location.pathname + location.search;

/** The current path and query string; re-renders on navigation and on back/forward. */
export function useLocation(): URL {
  const href = useSyncExternalStore(subscribe, snapshot);
  return new URL(href, location.origin);
}

/** Goes to a console URL; `replace` rewrites the current history entry (e.g. a query typed in a page). */
export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

/** A same-tab click on a link, without modifier keys: handled by the app rather than the browser. */
export function isPlainClick(event: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean }): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** A link's click handler for console URLs: a plain click navigates in the app; others (new tab…) are the browser's. */
export function followLink(event: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; preventDefault: () => void }, to: string): void {
  if (!isPlainClick(event)) return;
  event.preventDefault();
  navigate(to);
}
