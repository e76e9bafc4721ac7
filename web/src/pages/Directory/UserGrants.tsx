import { useState } from 'react';
import { apiGet, apiSend } from '../../api';
import type { Session } from '../../auth';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loaded } from '../../components/Loaded';
import { errorWords } from '../../errors';
import { useLoad } from '../../load';
import { formatTime } from '../../format-time';
import { userPath } from './person';

interface Grant {
  id: string;
  clientId: string;
  scopeId: string;
  created: string;
}

interface Client {
  client_id: string;
  client_name: string;
}

/**
 * What the person consented to (`GET /api/v1/users/{id}/grants`): each app and scope, with Revoke
 * (`DELETE …/grants/{grantId}`, which also revokes the app's tokens for them). App names come from
 * `GET /api/v1/users/{id}/clients`.
 */
export function UserGrants({ session, userId, name }: { session: Session; userId: string; name: string }) {
  const [version, setVersion] = useState(0);
  const grants = useLoad(async () => {
    const [{ body: list }, { body: clients }] = await Promise.all([apiGet<Grant[]>(session, `${userPath(userId)}/grants`), apiGet<Client[]>(session, `${userPath(userId)}/clients`)]);
    const names = new Map(clients.map((c) => [c.client_id, c.client_name]));
    return list.map((g) => ({ ...g, app: names.get(g.clientId) ?? g.clientId }));
  }, [version]);
  const [revoking, setRevoking] = useState<(Grant & { app: string }) | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function revoke(grant: Grant & { app: string }): Promise<void> {
    setRevoking(null);
    setMessage(null);
    try {
      await apiSend(session, 'DELETE', `${userPath(userId)}/grants/${encodeURIComponent(grant.id)}`);
      setMessage({ kind: 'ok', text: `${grant.app}: ${grant.scopeId} revoked.` });
      setVersion((v) => v + 1);
    } catch (err) {
      setMessage({ kind: 'error', text: errorWords(err) });
    }
  }

  return (
    <section className="panel" aria-labelledby="grants-title" data-testid="person-grants">
      <h2 id="grants-title">OAuth grants</h2>
      <Loaded state={grants} loading="Loading OAuth grants…">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">No OAuth grants.</p>
          ) : (
            <ul className="item-list">
              {list.map((g) => (
                <li key={g.id} data-grant-id={g.id}>
                  <span className="item-main">
                    <strong>{g.app}</strong> <code>{g.scopeId}</code> <span className="muted">since {formatTime(g.created)}</span>
                  </span>
                  <button type="button" className="secondary" onClick={() => setRevoking(g)} aria-label={`Revoke ${g.scopeId} for ${g.app}`}>
                    Revoke
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={`result ${message.kind === 'error' ? 'error' : ''}`}>
          {message.text}
        </p>
      )}
      {revoking && (
        <ConfirmDialog
          title="Revoke grant"
          text={`Are you sure you want to revoke ${name}'s grant of ${revoking.scopeId} to ${revoking.app}? The app's tokens for them are revoked too; it must ask for consent again.`}
          confirmLabel="Revoke"
          onCancel={() => setRevoking(null)}
          onConfirm={() => void revoke(revoking)}
        />
      )}
    </section>
  );
}
