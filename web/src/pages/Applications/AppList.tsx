import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { usePagedList } from '../../paged-list';
import { appType, type OidcApp } from './app';

/** /console/apps: the org's OIDC apps (label, type, client id, status), 50 a page with Load more. */
export function AppList({ session }: { session: Session }) {
  const { state, more, loadMore } = usePagedList<OidcApp>(session, '/api/v1/apps?limit=50');

  return (
    <main className="page">
      <h1>Applications</h1>
      <section className="panel" aria-live="polite">
        {state.kind === 'loading' && <p role="status">Loading applications…</p>}
        {state.kind === 'error' && <p role="alert">{state.message}</p>}
        {state.kind === 'done' && state.items.length === 0 && <p>The org has no applications.</p>}
        {state.kind === 'done' && state.items.length > 0 && (
          <table className="records apps" data-testid="apps-table">
            <thead>
              <tr>
                <th scope="col">Application</th>
                <th scope="col">Type</th>
                <th scope="col">Client ID</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((app) => (
                <tr key={app.id} data-app-id={app.id}>
                  <td data-label="Application">
                    <ConsoleLink to={`/console/apps/${encodeURIComponent(app.id)}`}>{app.label}</ConsoleLink>
                  </td>
                  <td data-label="Type" className="app-type">{appType(app)}</td>
                  <td data-label="Client ID">
                    <code>{app.credentials.oauthClient.client_id}</code>
                  </td>
                  <td data-label="Status" className="app-status">{app.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {state.kind === 'done' && state.next && (
          <p className="more">
            <button type="button" className="secondary" disabled={more} onClick={() => void loadMore()}>
              {more ? 'Loading…' : 'Load more'}
            </button>
          </p>
        )}
      </section>
    </main>
  );
}
