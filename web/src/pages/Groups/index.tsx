import { useEffect, useState, type FormEvent } from 'react';
import { apiSend } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { errorWords, fieldErrors } from '../../errors';
import { usePagedList } from '../../paged-list';
import { navigate } from '../../router';
import type { Group } from './group';

export { GroupDetail } from './GroupDetail';

/** /console/groups: the org's groups (search by name prefix, `q=`), and a form to create one. */
export function Groups({ session, search }: { session: Session; search: URLSearchParams }) {
  const q = search.get('q') ?? '';
  const [query, setQuery] = useState(q);
  const params = new URLSearchParams({ limit: '100', expand: 'stats' });
  if (q) params.set('q', q);
  const { state, more, loadMore } = usePagedList<Group>(session, `/api/v1/groups?${params}`);
  useEffect(() => setQuery(q), [q]);

  return (
    <main className="page">
      <h1>Groups</h1>
      <form
        className="panel directory-search"
        role="search"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          navigate(query.trim() ? `/console/groups?${new URLSearchParams({ q: query.trim() })}` : '/console/groups');
        }}
      >
        <label>
          Search groups
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Start of the group name" />
        </label>
        <button type="submit">Search</button>
      </form>
      <section className="panel" aria-live="polite">
        {state.kind === 'loading' && <p role="status">Loading groups…</p>}
        {state.kind === 'error' && <p role="alert">{state.message}</p>}
        {state.kind === 'done' && state.items.length === 0 && <p data-testid="groups-empty">No groups match.</p>}
        {state.kind === 'done' && state.items.length > 0 && (
          <table className="users" data-testid="groups-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">People</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((g) => (
                <tr key={g.id} data-group-id={g.id}>
                  <td>
                    <ConsoleLink to={`/console/groups/${g.id}`}>{g.profile.name}</ConsoleLink>
                  </td>
                  <td>{g.profile.description ?? ''}</td>
                  <td>{g._embedded?.stats?.usersCount ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {state.kind === 'done' && state.next && (
          <button type="button" className="secondary more" disabled={more} onClick={() => void loadMore()}>
            {more ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
      <CreateGroup session={session} />
    </main>
  );
}

/** `POST /api/v1/groups` with a name and a description; opens the new group's page. */
function CreateGroup({ session }: { session: Session }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ summary: string; fields: Record<string, string> } | null>(null);

  async function create(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const group = await apiSend<Group>(session, 'POST', '/api/v1/groups', { profile: { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) } });
      if (group) navigate(`/console/groups/${group.id}`);
    } catch (err) {
      setError({ summary: errorWords(err), fields: fieldErrors(err) });
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={(e) => void create(e)} noValidate aria-labelledby="create-group-title">
      <h2 id="create-group-title">Add group</h2>
      {error && (
        <p role="alert" className="search-error">
          {error.summary}
        </p>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="group-name">Name</label>
          <input id="group-name" value={name} required onChange={(e) => setName(e.target.value)} aria-invalid={error?.fields.name ? true : undefined} />
        </div>
        <div className="field">
          <label htmlFor="group-description">Description</label>
          <input id="group-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Add group
        </button>
      </div>
    </form>
  );
}
