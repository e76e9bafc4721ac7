import { useState, type FormEvent } from 'react';
import { apiGet, apiSend } from '../../api';
import type { Session } from '../../auth';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../load';
import { displayName } from '../../Shell';
import { userPath, type Person } from './person';
import { ROLE_TYPES } from './role-types';
import { WorkflowsImpact } from './WorkflowsImpact';
import { useChange } from '../../use-change';

interface RoleAssignment {
  id: string;
  type: string;
  label?: string;
  status?: string;
}

/**
 * A person's admin roles (`/api/v1/users/{id}/roles`): assign one of the standard roles, or remove
 * one. Removing asks first and shows the Workflows impact: the connections this person authorized act
 * with their roles, so without the role they answer 403.
 */
export function UserRoles({ session, person }: { session: Session; person: Person }) {
  const [version, setVersion] = useState(0);
  const roles = useLoad(async () => (await apiGet<RoleAssignment[]>(session, `${userPath(person.id)}/roles`)).body, [version]);
  const [choice, setChoice] = useState('');
  const [removing, setRemoving] = useState<RoleAssignment | null>(null);
  const { busy, message, change } = useChange(() => setVersion((v) => v + 1));

  function assign(event: FormEvent): void {
    event.preventDefault();
    if (!choice) return;
    const label = ROLE_TYPES.find((r) => r.type === choice)?.label ?? choice;
    void change(() => apiSend(session, 'POST', `${userPath(person.id)}/roles`, { type: choice }), `${label}: assigned.`).then(() => setChoice(''));
  }

  function remove(role: RoleAssignment): void {
    setRemoving(null);
    void change(() => apiSend(session, 'DELETE', `${userPath(person.id)}/roles/${encodeURIComponent(role.id)}`), `${role.label ?? role.type}: removed.`);
  }

  const assigned = new Set(roles.kind === 'done' ? roles.value.map((r) => r.type) : []);
  return (
    <section className="panel" aria-labelledby="roles-title" data-testid="person-roles">
      <h2 id="roles-title">Admin roles</h2>
      <Loaded state={roles} loading="Loading admin roles…">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">No admin role.</p>
          ) : (
            <ul className="item-list">
              {list.map((role) => (
                <li key={role.id} data-role-type={role.type}>
                  <span className="item-main">{role.label ?? role.type}</span>
                  <button type="button" className="secondary" disabled={busy} onClick={() => setRemoving(role)} aria-label={`Remove ${role.label ?? role.type}`}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <form className="inline-form" onSubmit={assign}>
        <label>
          Admin role to assign
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">Choose a role…</option>
            {ROLE_TYPES.filter((r) => !assigned.has(r.type)).map((r) => (
              <option key={r.type} value={r.type}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !choice}>
          Assign role
        </button>
      </form>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} data-testid="roles-result" className={`result ${message.kind === 'error' ? 'error' : ''}`}>
          {message.text}
        </p>
      )}
      {removing && (
        <ConfirmDialog
          title="Remove admin role"
          text={`Are you sure you want to remove the ${removing.label ?? removing.type} role from ${displayName(person)}? They lose the admin permissions it gives, and so does everything that acts with their tokens.`}
          confirmLabel="Remove role"
          onCancel={() => setRemoving(null)}
          onConfirm={() => remove(removing)}
        >
          <WorkflowsImpact session={session} userId={person.id} />
        </ConfirmDialog>
      )}
    </section>
  );
}
