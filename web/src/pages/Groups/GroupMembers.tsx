import { useState, type FormEvent } from 'react';
import { apiGet, apiGetAll, apiSend } from '../../api';
import type { Session } from '../../auth';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ConsoleLink } from '../../components/ConsoleLink';
import { ServiceAccountBadge } from '../../components/ServiceAccountBadge';
import { Loaded } from '../../components/Loaded';
import { errorWords } from '../../errors';
import { useLoad } from '../../load';
import { displayName, type User } from '../../Shell';
import { groupPath, type Group } from './group';
import { useChange } from '../../use-change';

/**
 * A group's members (`GET /api/v1/groups/{id}/users`, every page): remove one after confirmation
 * (`DELETE …/users/{userId}`), or find people by name, login or email (`GET /api/v1/users?q=`) and add
 * them (`PUT …/users/{userId}`).
 */
export function GroupMembers({ session, group }: { session: Session; group: Group }) {
  const [version, setVersion] = useState(0);
  const members = useLoad(() => apiGetAll<User>(session, `${groupPath(group.id)}/users?limit=200`), [version]);
  const [removing, setRemoving] = useState<User | null>(null);
  const { message, change } = useChange(() => setVersion((v) => v + 1));
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; users: User[] }>({ kind: 'idle' });

  async function find(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!query.trim()) return;
    setFound({ kind: 'loading' });
    try {
      const { body } = await apiGet<User[]>(session, `/api/v1/users?${new URLSearchParams({ q: query.trim(), limit: '10' })}`);
      setFound({ kind: 'done', users: body });
    } catch (err) {
      setFound({ kind: 'error', message: errorWords(err) });
    }
  }

  const memberIds = new Set(members.kind === 'done' ? members.value.map((u) => u.id) : []);
  const editable = group.type === 'OKTA_GROUP';
  return (
    <section className="panel" aria-labelledby="members-title" data-testid="group-members">
      <h2 id="members-title">People</h2>
      <Loaded state={members} loading="Loading members…">
        {(list) =>
          list.length === 0 ? (
            <p className="muted" data-testid="members-empty">
              No one is in this group.
            </p>
          ) : (
            <ul className="item-list">
              {list.map((u) => (
                <li key={u.id} data-user-id={u.id}>
                  <span className="item-main">
                    <ConsoleLink to={`/console/users/${u.id}`}>{displayName(u)}</ConsoleLink> <ServiceAccountBadge user={u} /> <span className="muted">{u.profile.login}</span>
                  </span>
                  {editable && (
                    <button type="button" className="secondary" onClick={() => setRemoving(u)} aria-label={`Remove ${displayName(u)} from the group`}>
                      Remove
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={`result ${message.kind === 'error' ? 'error' : ''}`} data-testid="members-result">
          {message.text}
        </p>
      )}
      {editable && (
        <>
          <form className="inline-form" role="search" onSubmit={(e) => void find(e)}>
            <label>
              Find people to add
              <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name, login or email" />
            </label>
            <button type="submit" className="secondary">
              Find
            </button>
          </form>
          <div aria-live="polite">
            {found.kind === 'loading' && <p role="status">Searching people…</p>}
            {found.kind === 'error' && <p role="alert">{found.message}</p>}
            {found.kind === 'done' && found.users.length === 0 && <p className="muted">No people match.</p>}
            {found.kind === 'done' && found.users.length > 0 && (
              <ul className="item-list" data-testid="member-candidates">
                {found.users.map((u) => (
                  <li key={u.id} data-user-id={u.id}>
                    <span className="item-main">
                      {displayName(u)} <ServiceAccountBadge user={u} /> <span className="muted">{u.profile.login}</span>
                    </span>
                    {memberIds.has(u.id) ? (
                      <span className="muted">Member</span>
                    ) : (
                      <button type="button" onClick={() => void change(() => apiSend(session, 'PUT', `${groupPath(group.id)}/users/${encodeURIComponent(u.id)}`), `${displayName(u)} added.`)} aria-label={`Add ${displayName(u)} to the group`}>
                        Add
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
      {removing && (
        <ConfirmDialog
          title="Remove person from group"
          text={`Are you sure you want to remove ${displayName(removing)} from ${group.profile.name}?`}
          confirmLabel="Remove"
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const person = removing;
            setRemoving(null);
            void change(() => apiSend(session, 'DELETE', `${groupPath(group.id)}/users/${encodeURIComponent(person.id)}`), `${displayName(person)} removed.`);
          }}
        />
      )}
    </section>
  );
}
