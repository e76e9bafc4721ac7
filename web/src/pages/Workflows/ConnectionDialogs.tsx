import { useState, type FormEvent } from 'react';
import type { Session } from '../../auth';
import { Modal } from '../../components/Modal';
import { errorWords } from '../../errors';
import { followLink } from '../../router';
import { consentUrl, deleteConnection, reauthorizeConnection, renameConnection, type Connection } from './connection-api';

export const CREATE_SERVICE_ACCOUNT = '/console/users/new?serviceAccount=1';

/** Sends this tab to the org's sign-in and consent; the callback page links back to this page. */
export function goToConsent(authorizeUrl: string, signInAgain: boolean): void {
  location.assign(consentUrl(authorizeUrl, signInAgain));
}

/** What "Reauthorize" and "New connection" explain: the signer becomes the connection's identity. */
export function IdentityWarning() {
  return (
    <p className="hint">
      Whoever signs in and consents on the next page becomes the connection&rsquo;s identity: every call its flows make acts as
      them, and stops working when they are suspended, deactivated or lose their admin role. Sign in as a{' '}
      <a href={CREATE_SERVICE_ACCOUNT} onClick={(e) => followLink(e, CREATE_SERVICE_ACCOUNT)}>
        service account
      </a>{' '}
      rather than a person.
    </p>
  );
}

/** Reauthorize: explains the identity, then sends the browser to the org (asking who signs in, by default). */
export function ReauthorizeDialog({ session, connection, onClose }: { session: Session; connection: Connection; onClose: () => void }) {
  const [signInAgain, setSignInAgain] = useState(true);
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });

  async function go(): Promise<void> {
    setState({ busy: true });
    try {
      goToConsent(await reauthorizeConnection(session, connection.id), signInAgain);
    } catch (err) {
      setState({ busy: false, error: errorWords(err) });
    }
  }

  return (
    <Modal title={`Reauthorize ${connection.nickname}`} onClose={onClose} testId="reauthorize-dialog">
      <IdentityWarning />
      <p>
        It keeps its id, so the flows that use it need no change; the previous tokens are revoked once the new consent succeeds.
        {connection.authorizedBy && <> It acts as {connection.authorizedBy.displayName || connection.authorizedBy.login} today.</>}
      </p>
      <label className="check">
        <input type="checkbox" checked={signInAgain} onChange={(e) => setSignInAgain(e.target.checked)} /> Sign in as another account (you
        are signed in to the org as yourself)
      </label>
      {state.error && <p role="alert">{state.error}</p>}
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" disabled={state.busy} onClick={() => void go()}>
          Continue to sign-in
        </button>
      </div>
    </Modal>
  );
}

/** Rename: Okta's only editable field of a connection. */
export function RenameDialog({ session, connection, onClose, onRenamed }: { session: Session; connection: Connection; onClose: () => void; onRenamed: (c: Connection) => void }) {
  const [nickname, setNickname] = useState(connection.nickname);
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setState({ busy: true });
    try {
      onRenamed(await renameConnection(session, connection.id, nickname));
    } catch (err) {
      setState({ busy: false, error: errorWords(err) });
    }
  }

  return (
    <Modal title={`Rename ${connection.nickname}`} onClose={onClose} testId="rename-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="rename-nickname">Nickname</label>
        <input id="rename-nickname" value={nickname} maxLength={100} onChange={(e) => setNickname(e.target.value)} aria-invalid={state.error ? true : undefined} aria-describedby={state.error ? 'rename-error' : undefined} />
        {state.error && (
          <p role="alert" id="rename-error">
            {state.error}
          </p>
        )}
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={state.busy}>
            Rename
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Delete: asks first; the org refuses while active flows use the connection, naming them (its causes). */
export function DeleteDialog({ session, connection, onClose, onDeleted }: { session: Session; connection: Connection; onClose: () => void; onDeleted: () => void }) {
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const active = connection.usage.flows.filter((f) => f.active);

  async function remove(): Promise<void> {
    setState({ busy: true });
    try {
      await deleteConnection(session, connection.id);
      onDeleted();
    } catch (err) {
      setState({ busy: false, error: errorWords(err) });
    }
  }

  return (
    <Modal title={`Delete ${connection.nickname}`} onClose={onClose} testId="delete-dialog">
      <p>
        Are you sure you want to delete {connection.nickname}? Its tokens are revoked at the org and it cannot be restored. Flows that
        use it will need another connection.
      </p>
      {active.length > 0 && (
        <p className="warning">
          Active flows use it: {active.map((f) => f.name).join(', ')}. The org refuses to delete a connection in use; turn them off
          first.
        </p>
      )}
      {state.error && (
        <div role="alert" className="search-error" data-testid="delete-error">
          <p>{state.error}</p>
        </div>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="danger" disabled={state.busy} onClick={() => void remove()}>
          Delete
        </button>
      </div>
    </Modal>
  );
}
