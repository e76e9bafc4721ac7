import { ConsoleLink } from '../../components/ConsoleLink';
import { formatTime } from '../../format-time';
import type { Person } from './person';

const DATES: [keyof Person, string][] = [
  ['created', 'Created'],
  ['activated', 'Activated'],
  ['statusChanged', 'Status changed'],
  ['lastLogin', 'Last sign-in'],
  ['passwordChanged', 'Password changed'],
];

/** The person's status, dates and every profile attribute, with a link to edit the profile. */
export function UserProfile({ person }: { person: Person }) {
  return (
    <section className="panel" aria-labelledby="profile-title">
      <div className="section-head">
        <h2 id="profile-title">Profile</h2>
        <ConsoleLink to={`/console/users/${encodeURIComponent(person.id)}/edit`}>Edit profile</ConsoleLink>
      </div>
      <dl className="profile">
        <dt>Status</dt>
        <dd data-testid="detail-status">{person.status}</dd>
        {DATES.map(([key, label]) => {
          const value = person[key];
          return typeof value === 'string' ? (
            <div key={key}>
              <dt>{label}</dt>
              <dd>{formatTime(value)}</dd>
            </div>
          ) : null;
        })}
        {Object.entries(person.profile).map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd data-attribute={key}>{value == null ? '' : String(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
