import type { MouseEvent, ReactNode } from 'react';
import { apiGet, useSignedOut } from './api';
import { startOver, type Session } from './auth';
import { useLoad } from './load';
import { isPlainClick, navigate } from './router';

export interface User {
  id: string;
  status: string;
  profile: { firstName?: string; lastName?: string; login: string; [key: string]: unknown };
}

interface Role {
  type: string;
  label?: string;
}

/** The console's pages, in the order the navigation lists them. */
export const PAGES = [
  { path: '/console/', label: 'Dashboard' },
  { path: '/console/users', label: 'Directory' },
  { path: '/console/groups', label: 'Groups' },
  { path: '/console/api-tokens', label: 'API tokens' },
  { path: '/console/logs', label: 'System Log' },
  { path: '/console/apps', label: 'Applications' },
  { path: '/console/workflows/connections', label: 'Workflows' },
] as const;

/**
 * Every signed-in page: the top bar (who is signed in, their role, sign-out), the navigation, and the
 * page. The header comes first in tab order, so Sign out is the first stop from the keyboard.
 */
export function Shell({ session, path, onSignOut, children }: { session: Session; path: string; onSignOut: () => void; children: ReactNode }) {
  const me = useLoad(async () => {
    const { body: user } = await apiGet<User>(session, '/api/v1/users/me');
    const { body: roles } = await apiGet<Role[]>(session, `/api/v1/users/${encodeURIComponent(user.id)}/roles`);
    return { user, roles };
  });
  const signedOut = useSignedOut();
  return (
    <>
      <header className="topbar">
        <span className="brand">Keyflow Console</span>
        <div className="who" aria-live="polite">
          {me.kind === 'loading' && <span>Loading your profile…</span>}
          {me.kind === 'error' && <span role="alert">{me.message}</span>}
          {me.kind === 'done' && (
            <>
              <span className="name" data-testid="admin-name">{displayName(me.value.user)}</span>
              <span className="role" data-testid="admin-role">{me.value.roles.map((r) => r.label ?? r.type).join(', ') || 'No admin role'}</span>
            </>
          )}
        </div>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav className="nav" aria-label="Console">
        <ul>
          {PAGES.map((page) => (
            <li key={page.path}>
              <a href={page.path} aria-current={page.path === path ? 'page' : undefined} onClick={(e) => follow(e, page.path)}>
                {page.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {signedOut && (
        <p className="notice page">
          <button type="button" onClick={startOver}>
            Sign in again
          </button>
        </p>
      )}
      {children}
    </>
  );
}

function follow(event: MouseEvent<HTMLAnchorElement>, to: string): void {
  if (!isPlainClick(event)) return;
  event.preventDefault();
  navigate(to);
}

export function displayName(user: User): string {
  const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
  return name || user.profile.login;
}
