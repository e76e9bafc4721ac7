import { useState, type FormEvent } from 'react';
import { apiGet, apiSend } from '../../api';
import type { Session } from '../../auth';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ConsoleLink } from '../../components/ConsoleLink';
import { Loaded } from '../../components/Loaded';
import { errorWords } from '../../errors';
import { useLoad } from '../../load';
import { navigate } from '../../router';
import { formatTime } from '../../format-time';
import { groupPath, type Group } from './group';
import { GroupMembers } from './GroupMembers';

/**
 * /console/groups/{id}: the group's profile, edited in place (`PUT /api/v1/groups/{id}`, Okta's only
 * update), deleted after confirmation, and its members. Okta's built-in groups (Everyone) cannot be
 * changed, so only an OKTA_GROUP offers Edit and Delete.
 */
export function GroupDetail({ session, groupId }: { session: Session; groupId: string }) {
  const [version, setVersion] = useState(0);
  const group = useLoad(async () => (await apiGet<Group>(session, groupPath(groupId))).body, [version]);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function remove(g: Group): Promise<void> {
    setDeleting(false);
    try {
      await apiSend(session, 'DELETE', groupPath(g.id));
      navigate('/console/groups');
    } catch (err) {
      setMessage({ kind: 'error', text: errorWords(err) });
    }
  }

  return (
    <main className="page">
      <p>
        <ConsoleLink to="/console/groups">← Groups</ConsoleLink>
      </p>
      <Loaded state={group} loading="Loading the group…">
        {(g) => (
          <>
            <h1>{g.profile.name}</h1>
            {message && (
              <p role={message.kind === 'error' ? 'alert' : 'status'} className={`result ${message.kind === 'error' ? 'error' : ''}`} data-testid="group-result">
                {message.text}
              </p>
            )}
            <section className="panel" aria-labelledby="group-profile-title">
              <h2 id="group-profile-title">Profile</h2>
              {editing ? (
                <EditGroup
                  session={session}
                  group={g}
                  onDone={(saved) => {
                    setEditing(false);
                    if (saved) {
                      setMessage({ kind: 'ok', text: 'Group saved.' });
                      setVersion((v) => v + 1);
                    }
                  }}
                />
              ) : (
                <>
                  <dl className="profile">
                    <dt>Name</dt>
                    <dd data-testid="group-name">{g.profile.name}</dd>
                    <dt>Description</dt>
                    <dd data-testid="group-description">{g.profile.description ?? ''}</dd>
                    <dt>Type</dt>
                    <dd>{g.type}</dd>
                    {g.created && (
                      <>
                        <dt>Created</dt>
                        <dd>{formatTime(g.created)}</dd>
                      </>
                    )}
                  </dl>
                  {g.type === 'OKTA_GROUP' && (
                    <div className="actions section-actions">
                      <button type="button" className="secondary" onClick={() => setEditing(true)}>
                        Edit
                      </button>
                      <button type="button" className="secondary" onClick={() => setDeleting(true)}>
                        Delete group
                      </button>
                    </div>
                  )}
                </>
              )}
            </section>
            <GroupMembers session={session} group={g} />
            {deleting && (
              <ConfirmDialog
                title="Delete group"
                text={`Are you sure you want to delete the group ${g.profile.name}? Its members stay in the org but lose what the group gave them. This action cannot be undone.`}
                confirmLabel="Delete group"
                onCancel={() => setDeleting(false)}
                onConfirm={() => void remove(g)}
              />
            )}
          </>
        )}
      </Loaded>
    </main>
  );
}

function EditGroup({ session, group, onDone }: { session: Session; group: Group; onDone: (saved: boolean) => void }) {
  const [name, setName] = useState(group.profile.name);
  const [description, setDescription] = useState(group.profile.description ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiSend(session, 'PUT', groupPath(group.id), { profile: { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) } });
      onDone(true);
    } catch (err) {
      setError(errorWords(err));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      {error && (
        <p role="alert" className="search-error">
          {error}
        </p>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="edit-group-name">Name</label>
          <input id="edit-group-name" value={name} required onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="edit-group-description">Description</label>
          <input id="edit-group-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <button type="button" className="secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
