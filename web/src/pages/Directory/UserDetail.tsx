import { useEffect, useState } from 'react';
import { apiGet } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { ServiceAccountBadge } from '../../components/ServiceAccountBadge';
import { errorWords } from '../../errors';
import { displayName } from '../../Shell';
import { LifecycleActions } from './LifecycleActions';
import { userPath, type Person } from './person';
import { UserEvents, byOrTo } from './UserEvents';
import { UserGrants } from './UserGrants';
import { UserGroups } from './UserGroups';
import { UserProfile } from './UserProfile';
import { UserRoles } from './UserRoles';

/** Sign-ins and sign-outs: Okta has no API listing a user's sessions, the System Log has them. */
const sessionEvents = (userId: string) => `eventType sw "user.session" and (${byOrTo(userId)})`;

/**
 * /console/users/{id}: a person's profile and status, the lifecycle actions valid in it, their groups,
 * admin roles, OAuth grants, sign-ins and recent events.
 */
export function UserDetail({ session, userId }: { session: Session; userId: string }) {
  const [person, setPerson] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; value: Person }>({ kind: 'loading' });
  // Bumped after a lifecycle action, so the events show it.
  const [changes, setChanges] = useState(0);

  async function reload(): Promise<void> {
    try {
      const { body } = await apiGet<Person>(session, userPath(userId));
      setPerson({ kind: 'done', value: body });
    } catch (err) {
      setPerson({ kind: 'error', message: errorWords(err) });
    }
  }
  useEffect(() => {
    void reload();
  }, [userId]); // reloads when the person changes

  return (
    <main className="page person">
      <p>
        <ConsoleLink to="/console/users">← Directory</ConsoleLink>
      </p>
      {person.kind === 'loading' && <p role="status">Loading the person…</p>}
      {person.kind === 'error' && <p role="alert" data-testid="person-error">{person.message}</p>}
      {person.kind === 'done' && (
        <>
          <h1>
            {displayName(person.value)} <ServiceAccountBadge user={person.value} />
          </h1>
          <div className="person-grid">
            <div className="person-column">
              <UserProfile person={person.value} />
              <UserGroups session={session} userId={userId} />
              <UserRoles session={session} person={person.value} />
            </div>
            <div className="person-column">
              <LifecycleActions
                session={session}
                person={person.value}
                onChanged={async () => {
                  await reload();
                  setChanges((c) => c + 1);
                }}
                onDeleted={() => setPerson({ kind: 'error', message: 'The person was deleted.' })}
              />
              <UserGrants session={session} userId={userId} name={displayName(person.value)} />
              <UserEvents session={session} title="Sign-ins" filter={sessionEvents(userId)} limit={10} empty="No sign-ins or sign-outs in the System Log." testId="person-sessions" refresh={changes} />
            </div>
          </div>
          <UserEvents session={session} title="Recent events" filter={byOrTo(userId)} limit={20} empty="No events by or about this person." testId="person-events" refresh={changes} />
        </>
      )}
    </main>
  );
}
