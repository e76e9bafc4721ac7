import type { MouseEvent, ReactNode } from 'react';
import { isPlainClick, navigate } from '../router';

/** A link to a console page: a plain click routes inside the app, a modified click is the browser's. */
export function ConsoleLink({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <a href={to} className={className} onClick={(event: MouseEvent<HTMLAnchorElement>) => {
      if (!isPlainClick(event)) return;
      event.preventDefault();
      navigate(to);
    }}>
      {children}
    </a>
  );
}
