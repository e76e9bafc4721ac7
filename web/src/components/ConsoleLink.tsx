import type { AnchorHTMLAttributes } from 'react';
import { isPlainClick, navigate } from '../router';

/** A link to a console page: a real `<a href>` (new tab, copy link work) followed client-side on a plain click. */
export function ConsoleLink({ to, ...rest }: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'onClick'>) {
  return (
    <a
      {...rest}
      href={to}
      onClick={(event) => {
        if (!isPlainClick(event)) return;
        event.preventDefault();
        navigate(to);
      }}
    />
  );
}
