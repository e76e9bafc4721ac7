import { apiGetAll } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../load';
import type { Group } from '../Groups/group';
import { userPath } from './person';

/** The groups a person belongs to (`GET /api/v1/users/{id}/groups`), each a link to its page. */
export function UserGroups({ session, userId }: { session: Session; userId: string }) {
  const groups = useLoad(() => apiGetAll<Group>(session, `${userPath(userId)}/groups`));
  return (
    <section className="panel" aria-labelledby="groups-title" data-testid="person-groups">
      <h2 id="groups-title">Groups</h2>
      <Loaded state={groups} loading="Loading groups…">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">Not a member of any group.</p>
          ) : (
            <ul className="item-list">
              {list.map((g) => (
                <li key={g.id}>
                  <ConsoleLink to={`/console/groups/${g.id}`}>{g.profile.name}</ConsoleLink>
                  {g.profile.description && <span className="muted"> {g.profile.description}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
