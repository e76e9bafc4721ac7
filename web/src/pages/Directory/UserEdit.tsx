import { useEffect, useState, type FormEvent } from 'react';
import { apiGet, apiSend } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { errorWords, fieldErrors } from '../../errors';
import { navigate } from '../../router';
import { displayName } from '../../Shell';
import { userPath, type Person } from './person';

/** The profile's main attributes, as Okta's Admin Console edits them (the schema has more; the API takes them). */
const FIELDS: { name: string; label: string; type?: 'email' | 'tel'; required?: boolean }[] = [
  { name: 'firstName', label: 'First name', required: true },
  { name: 'lastName', label: 'Last name', required: true },
  { name: 'login', label: 'Username', required: true },
  { name: 'email', label: 'Primary email', type: 'email', required: true },
  { name: 'secondEmail', label: 'Secondary email', type: 'email' },
  { name: 'mobilePhone', label: 'Mobile phone', type: 'tel' },
  { name: 'title', label: 'Title' },
  { name: 'department', label: 'Department' },
  { name: 'organization', label: 'Organization' },
  { name: 'employeeNumber', label: 'Employee number' },
];

/**
 * /console/users/{id}/edit: the profile's main attributes, saved with a partial update
 * (`POST /api/v1/users/{id}`, only what changed; a cleared attribute is sent as null). A refusal shows
 * Okta's summary above the form and each cause beside the field it names.
 */
export function UserEdit({ session, userId }: { session: Session; userId: string }) {
  const [person, setPerson] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; value: Person }>({ kind: 'loading' });
  const [values, setValues] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ summary: string; fields: Record<string, string> } | null>(null);

  useEffect(() => {
    let live = true;
    apiGet<Person>(session, userPath(userId)).then(
      ({ body }) => {
        if (!live) return;
        setPerson({ kind: 'done', value: body });
        setValues(Object.fromEntries(FIELDS.map((f) => [f.name, body.profile[f.name] == null ? '' : String(body.profile[f.name])])));
      },
      (err: unknown) => live && setPerson({ kind: 'error', message: errorWords(err) }),
    );
    return () => {
      live = false;
    };
  }, [session, userId]);

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (person.kind !== 'done') return;
    const profile: Record<string, string | null> = {};
    for (const { name } of FIELDS) {
      const before = person.value.profile[name] == null ? '' : String(person.value.profile[name]);
      const after = values[name]?.trim() ?? '';
      if (after !== before) profile[name] = after === '' ? null : after;
    }
    if (Object.keys(profile).length === 0) return navigate(`/console/users/${encodeURIComponent(userId)}`);
    setSaving(true);
    setError(null);
    try {
      await apiSend(session, 'POST', userPath(userId), { profile });
      navigate(`/console/users/${encodeURIComponent(userId)}`);
    } catch (err) {
      setError({ summary: errorWords(err), fields: fieldErrors(err) });
      setSaving(false);
    }
  }

  const back = `/console/users/${encodeURIComponent(userId)}`;
  return (
    <main className="page">
      <p>
        <ConsoleLink to={back}>← {person.kind === 'done' ? displayName(person.value) : 'The person'}</ConsoleLink>
      </p>
      <h1>Edit profile</h1>
      {person.kind === 'loading' && <p role="status">Loading the person…</p>}
      {person.kind === 'error' && <p role="alert">{person.message}</p>}
      {person.kind === 'done' && (
        <form className="panel edit-form" onSubmit={(e) => void save(e)} noValidate>
          {error && (
            <p role="alert" className="search-error" data-testid="edit-error">
              {error.summary}
            </p>
          )}
          <div className="form-grid">
            {FIELDS.map((f) => {
              const problem = error?.fields[f.name];
              return (
                <div key={f.name} className="field">
                  <label htmlFor={`edit-${f.name}`}>{f.label}</label>
                  <input
                    id={`edit-${f.name}`}
                    name={f.name}
                    type={f.type ?? 'text'}
                    value={values[f.name] ?? ''}
                    required={f.required}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `edit-${f.name}-error` : undefined}
                    onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                  />
                  {problem && (
                    <p id={`edit-${f.name}-error`} className="field-error" data-testid={`field-error-${f.name}`}>
                      {problem}
                    </p>
                  )}
                </div>
              );
            })}
          </div>
          <div className="actions">
            <button type="submit" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <ConsoleLink to={back} className="button-link">
              Cancel
            </ConsoleLink>
          </div>
        </form>
      )}
    </main>
  );
}
