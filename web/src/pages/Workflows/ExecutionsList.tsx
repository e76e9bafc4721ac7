import { useEffect, useState } from 'react';
import { apiGet, apiGetAll } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { navigate } from '../../router';
import { refusal } from './flow-api';
import { duration, triggerLabel, when } from './format';
import { Problems } from './Problems';
import { EXECUTIONS_API, EXECUTION_STATUSES, FLOWS_API, type Execution, type Flow } from './types';
import { WorkflowsNav } from './WorkflowsNav';
import './workflows.css';

type State = { kind: 'loading' } | { kind: 'error'; messages: string[] } | { kind: 'done'; executions: Execution[]; next: string | undefined; loadingMore: boolean };

/**
 * /console/workflows/executions: every flow's executions, newest first (`GET …/executions`, 50 a page),
 * narrowed by flow and status; the URL holds both (`?flowId=…&status=…`).
 */
export function ExecutionsList({ session, search }: { session: Session; search: URLSearchParams }) {
  const flowId = search.get('flowId') ?? '';
  const status = search.get('status') ?? '';
  const [flows, setFlows] = useState<Map<string, Flow>>(new Map());
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    apiGetAll<Flow>(session, `${FLOWS_API}?limit=200`).then(
      (all) => setFlows(new Map(all.map((f) => [f.id, f]))),
      () => setFlows(new Map()), // names are a nicety: ids are shown instead
    );
  }, [session]);

  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    const params = new URLSearchParams({ limit: '50' });
    if (flowId) params.set('flowId', flowId);
    if (status) params.set('status', status);
    apiGet<Execution[]>(session, `${EXECUTIONS_API}?${params}`).then(
      ({ body, next }) => live && setState({ kind: 'done', executions: body, next, loadingMore: false }),
      (err: unknown) => live && setState({ kind: 'error', messages: refusal(err) }),
    );
    return () => {
      live = false;
    };
  }, [session, flowId, status]);

  function go(nextFlow: string, nextStatus: string): void {
    const params = new URLSearchParams();
    if (nextFlow) params.set('flowId', nextFlow);
    if (nextStatus) params.set('status', nextStatus);
    const qs = params.toString();
    navigate(`/console/workflows/executions${qs ? `?${qs}` : ''}`);
  }

  async function loadMore(): Promise<void> {
    if (state.kind !== 'done' || !state.next) return;
    setState({ ...state, loadingMore: true });
    try {
      const { body, next } = await apiGet<Execution[]>(session, state.next);
      setState({ kind: 'done', executions: [...state.executions, ...body], next, loadingMore: false });
    } catch (err) {
      setState({ kind: 'error', messages: refusal(err) });
    }
  }

  const flowName = (id: string) => flows.get(id)?.name ?? id;
  return (
    <main className="page">
      <WorkflowsNav current="/console/workflows/executions" />
      <h1>Executions</h1>
      <form className="panel wf-filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Flow
          <select value={flowId} onChange={(e) => go(e.target.value, status)} data-testid="filter-flow">
            <option value="">All flows</option>
            {flowId && !flows.has(flowId) && <option value={flowId}>{flowId}</option>}
            {[...flows.values()].map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => go(flowId, e.target.value)} data-testid="filter-status">
            <option value="">Any status</option>
            {EXECUTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </form>
      <section className="panel" aria-live="polite">
        {state.kind === 'loading' && <p role="status">Loading executions…</p>}
        {state.kind === 'error' && <Problems messages={state.messages} />}
        {state.kind === 'done' && state.executions.length === 0 && <p data-testid="executions-empty">No executions match.</p>}
        {state.kind === 'done' && state.executions.length > 0 && (
          <table className="wf-table" data-testid="executions-table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Flow</th>
                <th scope="col">Status</th>
                <th scope="col">Duration</th>
                <th scope="col">Trigger</th>
              </tr>
            </thead>
            <tbody>
              {state.executions.map((e) => (
                <tr key={e.id} data-execution-id={e.id}>
                  <td data-label="Started">
                    <ConsoleLink to={`/console/workflows/executions/${e.id}`}>{when(e.startedAt ?? e.queuedAt)}</ConsoleLink>
                  </td>
                  <td data-label="Flow">{flowName(e.flowId)}</td>
                  <td data-label="Status">
                    <span className={`status status-${e.status.toLowerCase()}`}>{e.status}</span>
                  </td>
                  <td data-label="Duration">{duration(e.durationMs)}</td>
                  <td data-label="Trigger">{triggerLabel(e.trigger.type)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {state.kind === 'done' && state.next && (
          <button type="button" className="secondary more" disabled={state.loadingMore} onClick={() => void loadMore()}>
            {state.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </main>
  );
}
