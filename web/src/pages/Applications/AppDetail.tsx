import { useEffect, useState } from 'react';
import { apiGet, apiSend } from '../../api';
import { errorWords } from '../../errors';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { loadConfig, type ConsoleConfig } from '../../config';
import { AssignedUsers } from './AssignedUsers';
import { appPath, appType, isWorkflowsApp, type OidcApp } from './app';
import { DeactivateDialog } from './DeactivateDialog';
import { GrantedScopes } from './GrantedScopes';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; app: OidcApp; config: ConsoleConfig };

/** The scopes the console offers to grant: the org's API scopes it uses itself, and Workflows' read scope. */
function grantableSuggestions(config: ConsoleConfig): string[] {
  const api = config.scopes.filter((s) => s.startsWith('okta.') || s.startsWith('keyflow.'));
  return [...new Set([...api, 'keyflow.workflows.read'])].sort();
}

/** /console/apps/{id}: an app's settings, its granted scopes, its assigned people, activate/deactivate. */
export function AppDetail({ session, appId }: { session: Session; appId: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function reload(): Promise<void> {
    try {
      const [{ body: app }, config] = await Promise.all([apiGet<OidcApp>(session, appPath(appId)), loadConfig()]);
      setState({ kind: 'done', app, config });
    } catch (err) {
      setState({ kind: 'error', message: errorWords(err) });
    }
  }
  useEffect(() => {
    void reload();
  }, [appId]); // once per app

  async function lifecycle(action: 'activate' | 'deactivate'): Promise<void> {
    setConfirming(false);
    setBusy(true);
    setMessage(null);
    try {
      await apiSend(session, 'POST', `${appPath(appId)}/lifecycle/${action}`);
      setMessage({ kind: 'ok', text: action === 'activate' ? 'The app is active.' : 'The app is inactive; its tokens were revoked.' });
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorWords(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page">
      <p>
        <ConsoleLink to="/console/apps">← Applications</ConsoleLink>
      </p>
      {state.kind === 'loading' && <p role="status">Loading the application…</p>}
      {state.kind === 'error' && <p role="alert">{state.message}</p>}
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} data-testid="app-action-result" className={message.kind === 'error' ? 'error' : undefined}>
          {message.text}
        </p>
      )}
      {state.kind === 'done' && <Loaded session={session} app={state.app} config={state.config} busy={busy} onActivate={() => void lifecycle('activate')} onDeactivate={() => setConfirming(true)} />}
      {state.kind === 'done' && confirming && (
        <DeactivateDialog label={state.app.label} consoleApp={state.app.id === state.config.clientId} workflowsApp={isWorkflowsApp(state.app)} onCancel={() => setConfirming(false)} onConfirm={() => void lifecycle('deactivate')} />
      )}
    </main>
  );
}

function Loaded({ session, app, config, busy, onActivate, onDeactivate }: { session: Session; app: OidcApp; config: ConsoleConfig; busy: boolean; onActivate: () => void; onDeactivate: () => void }) {
  const oauth = app.settings.oauthClient;
  const client = app.credentials.oauthClient;
  const list = (values: readonly string[] | undefined) => (values && values.length > 0 ? values.join(', ') : 'none');
  return (
    <>
      <h1>{app.label}</h1>
      <section className="panel" aria-labelledby="app-settings-h">
        <h2 id="app-settings-h">Settings</h2>
        <dl className="profile" data-testid="app-settings">
          <dt>Status</dt>
          <dd data-testid="app-status">{app.status}</dd>
          <dt>Type</dt>
          <dd>{appType(app)}</dd>
          <dt>Client ID</dt>
          <dd>
            <code>{client.client_id}</code>
          </dd>
          <dt>Redirect URIs</dt>
          <dd>{list(oauth.redirect_uris)}</dd>
          <dt>Sign-out redirect URIs</dt>
          <dd>{list(oauth.post_logout_redirect_uris)}</dd>
          <dt>Grant types</dt>
          <dd data-testid="app-grant-types">{list(oauth.grant_types)}</dd>
          <dt>Client authentication</dt>
          <dd data-testid="app-auth-method">
            {client.token_endpoint_auth_method}
            {client.pkce_required ? ', PKCE required' : ''}
          </dd>
          <dt>Consent</dt>
          <dd data-testid="app-consent">{oauth.consent_method}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="app-lifecycle-h">
        <h2 id="app-lifecycle-h">Status</h2>
        <div className="actions">
          {app.status === 'ACTIVE' ? (
            <button type="button" className="secondary" disabled={busy} onClick={onDeactivate}>
              Deactivate
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={onActivate}>
              Activate
            </button>
          )}
        </div>
      </section>
      <GrantedScopes session={session} appId={app.id} issuer={config.issuer} suggestions={grantableSuggestions(config)} />
      <AssignedUsers session={session} appId={app.id} consoleApp={app.id === config.clientId} />
    </>
  );
}
