import { useState, type FormEvent, type ReactNode } from 'react';
import { apiSend } from '../../api';
import type { Session } from '../../auth';
import { fieldErrors } from '../../components/FieldErrors';
import { errorWords } from '../../errors';
import { followLink, navigate } from '../../router';
import type { User } from '../../Shell';
import { WORKFLOWS_APP_LABEL, findWorkflowsApp } from '../Workflows/connection-api';

type Field = 'firstName' | 'lastName' | 'login' | 'email' | 'password';
const FIELDS: readonly Field[] = ['firstName', 'lastName', 'login', 'email', 'password'];

/** What is left to do after the user exists; a failure here leaves the user made, and says so. */
type FollowUp = { step: string; message: string };

/**
 * /console/users/new: Okta's "Add person" — name, username, primary email, an optional password,
 * activate now — plus Keyflow's service-account flag (`profile.keyflowServiceAccount`). A service
 * account can also be made a Super Administrator and assigned to the Keyflow Workflows app, the two
 * things it needs to authorize a Workflows connection. `?serviceAccount=1` (the link on the Workflows
 * connections page) ticks the flag.
 */
export function CreateUser({ session, search }: { session: Session; search: URLSearchParams }) {
  const preset = search.get('serviceAccount') === '1';
  const [values, setValues] = useState<Record<Field, string>>({ firstName: '', lastName: '', login: '', email: '', password: '' });
  const [activate, setActivate] = useState(true);
  const [serviceAccount, setServiceAccount] = useState(preset);
  const [superAdmin, setSuperAdmin] = useState(true);
  const [assignWorkflows, setAssignWorkflows] = useState(true);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ form: string[]; byField: Record<string, string> }>({ form: [], byField: {} });
  const [created, setCreated] = useState<{ user: User; failed: FollowUp[] } | null>(null);

  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setErrors({ form: [], byField: {} });
    const login = values.login.trim();
    const profile: Record<string, unknown> = {
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      login,
      email: values.email.trim() || login,
      ...(serviceAccount ? { keyflowServiceAccount: true } : {}),
    };
    let user: User;
    try {
      user = (await apiSend<User>(session, 'POST', `/api/v1/users?activate=${activate}`, {
        profile,
        ...(values.password ? { credentials: { password: { value: values.password } } } : {}),
      }))!;
    } catch (err) {
      setErrors(fieldErrors(err, FIELDS));
      setBusy(false);
      return;
    }
    const failed = serviceAccount ? await setUpServiceAccount(user) : [];
    setBusy(false);
    if (failed.length === 0) navigate(`/console/users/${encodeURIComponent(user.id)}`);
    else setCreated({ user, failed });
  }

  /** The role and the app assignment, each attempted even if the other fails. */
  async function setUpServiceAccount(user: User): Promise<FollowUp[]> {
    const failed: FollowUp[] = [];
    const id = encodeURIComponent(user.id);
    if (superAdmin) {
      try {
        await apiSend(session, 'POST', `/api/v1/users/${id}/roles`, { type: 'SUPER_ADMIN' });
      } catch (err) {
        failed.push({ step: 'Giving it the Super Administrator role', message: errorWords(err) });
      }
    }
    if (assignWorkflows) {
      try {
        const app = await findWorkflowsApp(session);
        if (!app) throw new Error(`The org has no "${WORKFLOWS_APP_LABEL}" app; restarting Keyflow makes it again.`);
        await apiSend(session, 'POST', `/api/v1/apps/${encodeURIComponent(app.id)}/users`, { id: user.id, scope: 'USER' });
      } catch (err) {
        failed.push({ step: `Assigning it to the ${WORKFLOWS_APP_LABEL} app`, message: errorWords(err) });
      }
    }
    return failed;
  }

  if (created) {
    const to = `/console/users/${encodeURIComponent(created.user.id)}`;
    return (
      <main className="page">
        <h1>User created, with problems</h1>
        <section className="panel" role="alert" data-testid="create-followup-errors">
          <p>The user {created.user.profile.login} was created, but:</p>
          <ul>
            {created.failed.map((f) => (
              <li key={f.step}>
                {f.step} failed: {f.message}
              </li>
            ))}
          </ul>
          <p>
            <a href={to} onClick={(e) => followLink(e, to)}>
              Open the user
            </a>
          </p>
        </section>
      </main>
    );
  }

  const field = (name: Field, label: string, input: { type?: string; autoComplete?: string; required?: boolean; hint?: ReactNode }) => {
    const error = errors.byField[name];
    const hintId = input.hint ? `create-${name}-hint` : undefined;
    const errorId = error ? `create-${name}-error` : undefined;
    return (
      <div className="field">
        <label htmlFor={`create-${name}`}>{label}</label>
        <input
          id={`create-${name}`}
          name={name}
          type={input.type ?? 'text'}
          autoComplete={input.autoComplete ?? 'off'}
          required={input.required}
          value={values[name]}
          onChange={(e) => set(name)(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
        />
        {error && (
          <p id={errorId} className="field-error" data-testid={`error-${name}`}>
            {error}
          </p>
        )}
        {input.hint && (
          <p id={hintId} className="hint">
            {input.hint}
          </p>
        )}
      </div>
    );
  };

  return (
    <main className="page">
      <p>
        <a href="/console/users" onClick={(e) => followLink(e, '/console/users')}>
          ← Directory
        </a>
      </p>
      <h1>{serviceAccount ? 'Create a service account' : 'Create user'}</h1>
      <form className="panel create-user" onSubmit={(e) => void submit(e)} noValidate data-testid="create-user-form">
        {errors.form.length > 0 && (
          <div className="search-error" role="alert" data-testid="create-error">
            {errors.form.map((m) => (
              <p key={m}>{m}</p>
            ))}
          </div>
        )}
        <label className="check">
          <input type="checkbox" name="serviceAccount" checked={serviceAccount} onChange={(e) => setServiceAccount(e.target.checked)} /> Service account
        </label>
        {serviceAccount && (
          <div className="explain" data-testid="service-account-explanation">
            <p>
              A service account is a dedicated account, not a person: give it a name that says what it is for (for example
              first name <em>Workflows</em>, last name <em>Service Account</em>, username <em>svc-workflows@your-domain</em>). Authorize
              Workflows connections as it, so flows keep working when people leave or change roles; every action a flow takes is
              logged under its name. Keyflow marks it with the profile attribute <code>keyflowServiceAccount: true</code>.
            </p>
            <p>
              To authorize a connection it must be able to sign in (give it a password and activate it now), hold an admin role,
              and be assigned to the {WORKFLOWS_APP_LABEL} app:
            </p>
            <label className="check">
              <input type="checkbox" name="superAdmin" checked={superAdmin} onChange={(e) => setSuperAdmin(e.target.checked)} /> Give it the Super
              Administrator role
            </label>
            <label className="check">
              <input type="checkbox" name="assignWorkflows" checked={assignWorkflows} onChange={(e) => setAssignWorkflows(e.target.checked)} /> Assign
              it to the {WORKFLOWS_APP_LABEL} app, so it can authorize a connection
            </label>
          </div>
        )}
        <div className="form-grid">
          {field('firstName', 'First name', { required: true })}
          {field('lastName', 'Last name', { required: true })}
          {field('login', 'Username', { type: 'email', required: true, hint: 'An email address; it is how the account signs in.' })}
          {field('email', 'Primary email', { type: 'email', hint: 'Leave blank to use the username.' })}
          {field('password', 'Password', {
            type: 'password',
            autoComplete: 'new-password',
            hint: 'Optional. Without one, the account cannot sign in until a password is set.',
          })}
        </div>
        <label className="check">
          <input type="checkbox" name="activate" checked={activate} onChange={(e) => setActivate(e.target.checked)} /> Activate now
        </label>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : serviceAccount ? 'Create service account' : 'Create user'}
          </button>
        </div>
      </form>
    </main>
  );
}
