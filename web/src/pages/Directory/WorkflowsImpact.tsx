import { apiGet } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { errorWords } from '../../errors';
import { useLoad } from '../../load';

interface Connection {
  id: string;
  nickname: string;
  status: string;
  usage?: { flows: { id: string; name: string; active: boolean }[] };
}

/**
 * What an action that stops a person's tokens working would break: the Workflows connections they
 * authorized (`GET /workflows/api/v1/connections?authorizedBy=`) and the active flows that use them.
 * Shown inside the confirmation dialog; a failed check is said in words and never blocks the action.
 */
export function WorkflowsImpact({ session, userId }: { session: Session; userId: string }) {
  const impact = useLoad(async () => {
    try {
      return (await apiGet<Connection[]>(session, `/workflows/api/v1/connections?authorizedBy=${encodeURIComponent(userId)}`)).body;
    } catch (err) {
      throw new Error(errorWords(err));
    }
  });
  const affected = impact.kind === 'done' ? impact.value.filter((c) => c.status !== 'DELETED') : [];
  return (
    <section aria-live="polite" className="impact" data-testid="impact">
      {impact.kind === 'loading' && <p role="status">Checking the Workflows connections this person authorized…</p>}
      {impact.kind === 'error' && <p data-testid="impact-error">Could not check the Workflows connections this person authorized ({impact.message}). You can still go ahead.</p>}
      {impact.kind === 'done' && affected.length === 0 && <p data-testid="impact-none">This person authorized no Workflows connections.</p>}
      {impact.kind === 'done' && affected.length > 0 && (
        <div className="warning" role="alert">
          <p>
            <strong>{affected.length === 1 ? 'A Workflows connection' : `${affected.length} Workflows connections`} authorized by this person will stop working</strong> (the org will
            refuse their tokens with 401 or 403), and so will the active flows that use {affected.length === 1 ? 'it' : 'them'}:
          </p>
          <ul data-testid="impact-list">
            {affected.map((c) => {
              const active = (c.usage?.flows ?? []).filter((f) => f.active);
              return (
                <li key={c.id} data-connection-id={c.id}>
                  <strong className="connection-nickname">{c.nickname}</strong> ({c.status})
                  {active.length > 0 ? (
                    <ul>
                      {active.map((f) => (
                        <li key={f.id} className="flow-name">
                          {f.name}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <> — no active flow uses it.</>
                  )}
                </li>
              );
            })}
          </ul>
          <p>
            Reauthorize {affected.length === 1 ? 'it' : 'them'} with a service account first: <ConsoleLink to={`/console/workflows/connections?authorizedBy=${encodeURIComponent(userId)}`}>Reauthorize with a service account</ConsoleLink>.
          </p>
        </div>
      )}
    </section>
  );
}
