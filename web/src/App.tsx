import { useEffect, useRef, useState, type ReactNode } from 'react';
import { completeSignIn, currentSession, signIn, signOut, type Session } from './auth';
import { loadConfig, type ConsoleConfig } from './config';
import { AppDetail, AppList } from './pages/Applications';
import { Dashboard } from './pages/Dashboard';
import { ApiTokens } from './pages/ApiTokens';
import { Directory, UserDetail, UserEdit } from './pages/Directory';
import { CreateUser } from './pages/Directory/CreateUser';
import { GroupDetail, Groups } from './pages/Groups';
import { SystemLog } from './pages/SystemLog';
import { ExecutionDetail } from './pages/Workflows/ExecutionDetail';
import { ExecutionsList } from './pages/Workflows/ExecutionsList';
import { FlowDetail } from './pages/Workflows/FlowDetail';
import { FlowsList } from './pages/Workflows/FlowsList';
import { Connections } from './pages/Workflows/Connections';
import { WORKFLOWS_NAV } from './pages/Workflows/WorkflowsNav';
import { useLocation } from './router';
import { Shell } from './Shell';

/**
 * The console's shell: loads its settings, finishes a sign-in on /console/callback, sends a visitor
 * without a session to the org's sign-in page, and shows a signed-in admin the page the URL names
 * (client-side routing, router.ts).
 */
type State =
  | { kind: 'loading'; message: string }
  | { kind: 'error'; message: string; config?: ConsoleConfig }
  | { kind: 'signedIn'; config: ConsoleConfig; session: Session };

const CALLBACK_PATH = '/console/callback';

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading', message: 'Loading the console…' });
  // StrictMode runs effects twice in development; a code can be exchanged only once.
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      let config: ConsoleConfig | undefined;
      try {
        config = await loadConfig();
        if (location.pathname === CALLBACK_PATH) {
          setState({ kind: 'loading', message: 'Signing you in…' });
          const { session, returnTo } = await completeSignIn(config, new URL(location.href));
          history.replaceState(null, '', returnTo);
          setState({ kind: 'signedIn', config, session });
          return;
        }
        const session = currentSession();
        if (session) return setState({ kind: 'signedIn', config, session });
        setState({ kind: 'loading', message: 'Taking you to sign in…' });
        await signIn(config);
      } catch (err) {
        setState({ kind: 'error', message: err instanceof Error ? err.message : 'Something went wrong.', ...(config ? { config } : {}) });
      }
    })();
  }, []);

  if (state.kind === 'loading') return <Centered><p role="status">{state.message}</p></Centered>;
  if (state.kind === 'error') {
    const { config } = state;
    return (
      <Centered>
        <h1>Unable to open the console</h1>
        <p role="alert">{state.message}</p>
        {config && (
          <button type="button" onClick={() => void signIn(config)}>
            Sign in again
          </button>
        )}
      </Centered>
    );
  }
  return <SignedIn config={state.config} session={state.session} />;
}

/**
 * The console's routes: a path pattern, the navigation entry it belongs to, and the page. A page
 * with a URL parameter is keyed by it, so moving between two people starts the page afresh.
 */
interface Route {
  pattern: RegExp;
  nav: string;
  render: (session: Session, url: URL, params: string[]) => ReactNode;
}

const ROUTES: Route[] = [
  { pattern: /^\/console$/, nav: '/console/', render: (session) => <Dashboard session={session} /> },
  { pattern: /^\/console\/users$/, nav: '/console/users', render: (session, url) => <Directory session={session} search={url.searchParams} /> },
  { pattern: /^\/console\/users\/new$/, nav: '/console/users', render: (session, url) => <CreateUser session={session} search={url.searchParams} /> },
  { pattern: /^\/console\/users\/([^/]+)$/, nav: '/console/users', render: (session, _url, [id]) => <UserDetail key={id} session={session} userId={id!} /> },
  { pattern: /^\/console\/users\/([^/]+)\/edit$/, nav: '/console/users', render: (session, _url, [id]) => <UserEdit key={id} session={session} userId={id!} /> },
  { pattern: /^\/console\/groups$/, nav: '/console/groups', render: (session, url) => <Groups session={session} search={url.searchParams} /> },
  { pattern: /^\/console\/groups\/([^/]+)$/, nav: '/console/groups', render: (session, _url, [id]) => <GroupDetail key={id} session={session} groupId={id!} /> },
  { pattern: /^\/console\/api-tokens$/, nav: '/console/api-tokens', render: (session) => <ApiTokens session={session} /> },
  { pattern: /^\/console\/logs$/, nav: '/console/logs', render: (session, url) => <SystemLog session={session} search={url.searchParams} /> },
  { pattern: /^\/console\/apps$/, nav: '/console/apps', render: (session) => <AppList session={session} /> },
  { pattern: /^\/console\/apps\/([^/]+)$/, nav: '/console/apps', render: (session, _url, [id]) => <AppDetail key={id} session={session} appId={id!} /> },
  { pattern: /^\/console\/workflows\/flows$/, nav: WORKFLOWS_NAV, render: (session) => <FlowsList session={session} /> },
  { pattern: /^\/console\/workflows\/flows\/new$/, nav: WORKFLOWS_NAV, render: (session) => <FlowDetail key="new" session={session} flowId={undefined} /> },
  { pattern: /^\/console\/workflows\/flows\/([^/]+)$/, nav: WORKFLOWS_NAV, render: (session, _url, [id]) => <FlowDetail key={id} session={session} flowId={id!} /> },
  { pattern: /^\/console\/workflows\/executions$/, nav: WORKFLOWS_NAV, render: (session, url) => <ExecutionsList session={session} search={url.searchParams} /> },
  { pattern: /^\/console\/workflows\/executions\/([^/]+)$/, nav: WORKFLOWS_NAV, render: (session, _url, [id]) => <ExecutionDetail key={id} session={session} executionId={id!} /> },
  { pattern: /^\/console\/workflows(\/connections)?$/, nav: WORKFLOWS_NAV, render: (session, url) => <Connections session={session} search={url.searchParams} /> },
];

function SignedIn({ config, session }: { config: ConsoleConfig; session: Session }) {
  const url = useLocation();
  const path = url.pathname.replace(/\/+$/, '') || '/';
  let page: ReactNode = (
    <main className="page">
      <h1>Page not found</h1>
      <p>The console has no page at {url.pathname}.</p>
    </main>
  );
  let current = '';
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    current = route.nav;
    page = route.render(session, url, match.slice(1).map((p) => decodeURIComponent(p)));
    break;
  }
  return (
    <Shell session={session} path={current} onSignOut={() => void signOut(config, session)}>
      {page}
    </Shell>
  );
}

function Centered({ children }: { children: ReactNode }) {
  return <main className="centered">{children}</main>;
}
