import { useEffect, useState, type ChangeEvent } from 'react';
import { apiGetAll, apiSend } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { navigate } from '../../router';
import { connectionsById, refusal, setActive } from './flow-api';
import { triggerLabel, when } from './format';
import { parseJson } from './json-error';
import { Problems } from './Problems';
import { FLOWS_API, type Connection, type Flow } from './types';
import { WorkflowsNav } from './WorkflowsNav';
import './workflows.css';

type State = { kind: 'loading' } | { kind: 'error'; messages: string[] } | { kind: 'done'; flows: Flow[]; connections: Map<string, Connection> };
type Notice = { kind: 'ok'; text: string; flowId?: string } | { kind: 'error'; title: string; messages: string[] };

/** /console/workflows/flows: every flow, turned on and off in place; import a flow file, or start a new one. */
export function FlowsList({ session }: { session: Session }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  async function load(): Promise<void> {
    try {
      const [flows, connections] = await Promise.all([apiGetAll<Flow>(session, `${FLOWS_API}?limit=200`), connectionsById(session)]);
      setState({ kind: 'done', flows, connections });
    } catch (err) {
      setState({ kind: 'error', messages: refusal(err) });
    }
  }
  useEffect(() => {
    void load();
  }, [session]); // once per page (and session)

  async function toggle(flow: Flow): Promise<void> {
    setBusy(flow.id);
    setNotice(null);
    try {
      const after = await setActive(session, flow, !flow.active);
      setState((s) => (s.kind === 'done' ? { ...s, flows: s.flows.map((f) => (f.id === after.id ? after : f)) } : s));
      setNotice({ kind: 'ok', text: `“${after.name}” is ${after.active ? 'on' : 'off'}.` });
    } catch (err) {
      setNotice({ kind: 'error', title: `“${flow.name}” could not be turned ${flow.active ? 'off' : 'on'}:`, messages: refusal(err) });
    } finally {
      setBusy(null);
    }
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setNotice(null);
    const parsed = parseJson(await file.text());
    if (!parsed.ok) {
      const { line, column, message } = parsed.error;
      setNotice({ kind: 'error', title: `${file.name} is not a flow file:`, messages: [`Line ${line}, column ${column}: ${message}`] });
      return;
    }
    setBusy('import');
    try {
      const flow = (await apiSend<Flow>(session, 'POST', `${FLOWS_API}?import=true`, parsed.value))!;
      setNotice({ kind: 'ok', text: `Imported “${flow.name}” (off until you turn it on).`, flowId: flow.id });
      await load();
    } catch (err) {
      setNotice({ kind: 'error', title: `${file.name} was not imported:`, messages: refusal(err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <main className="page">
      <WorkflowsNav current="/console/workflows/flows" />
      <div className="page-head">
        <h1>Flows</h1>
        <div className="actions">
          <label className="file-button">
            <input type="file" accept=".json,application/json" className="visually-hidden" disabled={busy === 'import'} onChange={(e) => void importFile(e)} data-testid="import-file" />
            <span aria-hidden="true">{busy === 'import' ? 'Importing…' : 'Import'}</span>
            <span className="visually-hidden">Import a flow file</span>
          </label>
          <button type="button" onClick={() => navigate('/console/workflows/flows/new')}>
            New flow
          </button>
        </div>
      </div>
      <div aria-live="polite" className="notice-area">
        {notice?.kind === 'ok' && (
          <p role="status" data-testid="flows-notice">
            {notice.text} {notice.flowId && <ConsoleLink to={`/console/workflows/flows/${notice.flowId}`}>Open it</ConsoleLink>}
          </p>
        )}
        {notice?.kind === 'error' && <Problems messages={[notice.title, ...notice.messages]} testId="flows-error" />}
      </div>
      <section className="panel">
        {state.kind === 'loading' && <p role="status">Loading flows…</p>}
        {state.kind === 'error' && <Problems messages={state.messages} />}
        {state.kind === 'done' && state.flows.length === 0 && <p data-testid="flows-empty">No flows yet. Start a new one, or import a flow file.</p>}
        {state.kind === 'done' && state.flows.length > 0 && (
          <table className="wf-table" data-testid="flows-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Trigger</th>
                <th scope="col">Connection</th>
                <th scope="col">Status</th>
                <th scope="col">Last changed</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.flows.map((flow) => (
                <tr key={flow.id} data-flow-id={flow.id}>
                  <td data-label="Name">
                    <ConsoleLink to={`/console/workflows/flows/${flow.id}`}>{flow.name}</ConsoleLink>
                    {flow._keyflow.warnings.length > 0 && <span className="badge warn">{flow._keyflow.warnings.length === 1 ? '1 warning' : `${flow._keyflow.warnings.length} warnings`}</span>}
                  </td>
                  <td data-label="Trigger">{triggerLabel(flow.triggerType)}</td>
                  <td data-label="Connection">{flow.connectionIds.length === 0 ? <span className="muted">None</span> : flow.connectionIds.map((id) => state.connections.get(id)?.nickname ?? id).join(', ')}</td>
                  <td data-label="Status" data-testid="flow-active">
                    {flow.kind === 'helper' ? 'Helper' : flow.active ? 'On' : 'Off'}
                  </td>
                  <td data-label="Last changed">{when(flow.lastUpdated)}</td>
                  <td>
                    {flow.kind === 'main' && (
                      <button type="button" className="secondary" disabled={busy !== null} onClick={() => void toggle(flow)} aria-label={`${flow.active ? 'Turn off' : 'Turn on'} ${flow.name}`}>
                        {flow.active ? 'Turn off' : 'Turn on'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
