import { useState } from 'react';
import { apiSend } from '../../api';
import type { Session } from '../../auth';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { errorWords } from '../../errors';
import { displayName } from '../../Shell';
import { ACTION_LABELS, BREAKS_CONNECTIONS, NEEDS_NO_CONFIRMATION, actionsFor, confirmation, type Action } from './lifecycle';
import { userPath, type Person } from './person';
import { WorkflowsImpact } from './WorkflowsImpact';

/**
 * The person's lifecycle actions valid in their status, each behind Okta's confirmation (and, where the
 * action ends the person's tokens, the Workflows impact). `onChanged` reads the person again.
 */
export function LifecycleActions({ session, person, onChanged, onDeleted }: { session: Session; person: Person; onChanged: () => Promise<void>; onDeleted: () => void }) {
  const [pending, setPending] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [oauthTokens, setOauthTokens] = useState(true);

  async function run(action: Action): Promise<void> {
    setPending(null);
    setBusy(true);
    setMessage(null);
    const base = userPath(person.id);
    try {
      if (action === 'delete') await apiSend(session, 'DELETE', base);
      else if (action === 'clearSessions') await apiSend(session, 'DELETE', `${base}/sessions${oauthTokens ? '?oauthTokens=true' : ''}`);
      else await apiSend(session, 'POST', `${base}/lifecycle/${action}`);
      if (action === 'delete') return onDeleted();
      setMessage({ kind: 'ok', text: `${ACTION_LABELS[action]}: done.` });
      await onChanged();
    } catch (err) {
      setMessage({ kind: 'error', text: errorWords(err) });
    } finally {
      setBusy(false);
    }
  }

  function open(action: Action): void {
    if (NEEDS_NO_CONFIRMATION.has(action)) return void run(action);
    setOauthTokens(true); // Okta's default, every time the dialog opens
    setPending(action);
  }

  const wording = pending ? confirmation(pending, displayName(person)) : null;
  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <div className="actions">
        {actionsFor(person).map((action) => (
          <button key={action} type="button" className={NEEDS_NO_CONFIRMATION.has(action) ? undefined : 'secondary'} disabled={busy} onClick={() => open(action)}>
            {ACTION_LABELS[action]}
          </button>
        ))}
      </div>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} data-testid="action-result" className={`result ${message.kind === 'error' ? 'error' : ''}`}>
          {message.text}
        </p>
      )}
      {pending && wording && (
        <ConfirmDialog title={wording.title} text={wording.text} confirmLabel={ACTION_LABELS[pending]} danger={BREAKS_CONNECTIONS.has(pending)} onCancel={() => setPending(null)} onConfirm={() => void run(pending)}>
          {pending === 'clearSessions' && (
            <label className="check">
              <input type="checkbox" checked={oauthTokens} onChange={(e) => setOauthTokens(e.target.checked)} /> Also revoke OAuth tokens
            </label>
          )}
          {BREAKS_CONNECTIONS.has(pending) && <WorkflowsImpact session={session} userId={person.id} />}
        </ConfirmDialog>
      )}
    </section>
  );
}
