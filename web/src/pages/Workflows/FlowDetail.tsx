import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { apiGet, apiSend } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { downloadFile } from '../../components/download';
import { navigate } from '../../router';
import { asDrawableDefinition } from './definition-shape';
import { connectionsById, refusal, setActive } from './flow-api';
import { FlowCardView } from './FlowCardView';
import { FlowJsonEditor } from './FlowJsonEditor';
import { triggerLabel, when } from './format';
import { parseJson } from './json-error';
import { Problems } from './Problems';
import { RunFlowForm } from './RunFlowForm';
import { FLOWS_API, type CardType, type Connection, type Flow, type FlowDefinition } from './types';
import { useFlowValidation } from './use-flow-validation';
import { WorkflowsNav } from './WorkflowsNav';
import './workflows.css';

/** What "New flow" opens: the smallest definition a save accepts, for the admin to fill in. */
const BLANK: FlowDefinition = {
  schemaVersion: '1.0',
  name: 'New flow',
  kind: 'main',
  saveExecutionData: true,
  trigger: { id: 'run', type: 'delegated', inputs: [] },
  cards: [],
};

const pretty = (definition: unknown) => JSON.stringify(definition, null, 2);

type Loaded = { kind: 'loading' } | { kind: 'error'; messages: string[] } | { kind: 'done'; flow: Flow | undefined; catalogue: Map<string, CardType>; connections: Map<string, Connection> };
type Notice = { kind: 'ok'; text: string } | { kind: 'error'; messages: string[] } | null;

/**
 * /console/workflows/flows/{id} (and /new): the flow card by card, its JSON checked as you type and
 * saved as a new version, turned on and off, exported, and run with inputs.
 */
export function FlowDetail({ session, flowId }: { session: Session; flowId: string | undefined }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [text, setText] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const [flow, cards, connections] = await Promise.all([
        flowId ? apiGet<Flow>(session, `${FLOWS_API}/${encodeURIComponent(flowId)}`).then((r) => r.body) : Promise.resolve(undefined),
        apiGet<CardType[]>(session, '/workflows/api/v1/cards').then((r) => r.body),
        connectionsById(session),
      ]);
      if (!live) return;
      const initial = pretty(flow ? flow.definition : BLANK);
      setText(initial);
      setSaved(flow ? initial : '');
      setLoaded({ kind: 'done', flow, catalogue: new Map(cards.map((c) => [c.type, c])), connections });
    })().catch((err: unknown) => live && setLoaded({ kind: 'error', messages: refusal(err) }));
    return () => {
      live = false;
    };
  }, [session, flowId]);

  const validation = useFlowValidation(session, text, flowId);
  const drawn = useMemo(() => {
    const parsed = parseJson(text);
    return parsed.ok ? asDrawableDefinition(parsed.value) : undefined;
  }, [text]);

  if (loaded.kind === 'loading') return <Frame><p role="status">Loading the flow…</p></Frame>;
  if (loaded.kind === 'error') return <Frame><Problems messages={loaded.messages} /></Frame>;
  const { flow, catalogue, connections } = loaded;
  const replaceFlow = (next: Flow) => setLoaded({ ...loaded, flow: next });

  async function save(): Promise<void> {
    const parsed = parseJson(text);
    if (!parsed.ok) return;
    setBusy(true);
    setNotice(null);
    try {
      if (!flow) {
        const created = (await apiSend<Flow>(session, 'POST', FLOWS_API, parsed.value))!;
        navigate(`/console/workflows/flows/${created.id}`, { replace: true });
        return;
      }
      const after = (await apiSend<Flow>(session, 'PUT', `${FLOWS_API}/${encodeURIComponent(flow.id)}`, parsed.value))!;
      replaceFlow(after);
      setSaved(text);
      setNotice({ kind: 'ok', text: `Saved as version ${after.version}.` });
    } catch (err) {
      setNotice({ kind: 'error', messages: ['Not saved:', ...refusal(err)] });
    } finally {
      setBusy(false);
    }
  }

  async function toggle(current: Flow): Promise<void> {
    setBusy(true);
    setNotice(null);
    try {
      const after = await setActive(session, current, !current.active);
      replaceFlow(after);
      setNotice({ kind: 'ok', text: after.active ? 'The flow is on.' : 'The flow is off.' });
    } catch (err) {
      setNotice({ kind: 'error', messages: [`The flow could not be turned ${current.active ? 'off' : 'on'}:`, ...refusal(err)] });
    } finally {
      setBusy(false);
    }
  }

  async function exportFlow(current: Flow): Promise<void> {
    setNotice(null);
    try {
      const { body } = await apiGet<unknown>(session, `${FLOWS_API}/${encodeURIComponent(current.id)}/export`);
      const name = current.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || current.id;
      downloadFile(`${name}.flow.json`, `${pretty(body)}\n`, 'application/json');
    } catch (err) {
      setNotice({ kind: 'error', messages: ['Not exported:', ...refusal(err)] });
    }
  }

  const dirty = text !== saved;
  return (
    <Frame>
      <div className="page-head">
        <h1>{flow ? flow.name : 'New flow'}</h1>
        {flow && (
          <div className="actions">
            {flow.kind === 'main' && (
              <button type="button" className="secondary" disabled={busy} onClick={() => void toggle(flow)}>
                {flow.active ? 'Turn off' : 'Turn on'}
              </button>
            )}
            <button type="button" className="secondary" onClick={() => void exportFlow(flow)}>
              Export
            </button>
            <ConsoleLink className="button-link" to={`/console/workflows/executions?flowId=${encodeURIComponent(flow.id)}`}>
              Executions
            </ConsoleLink>
          </div>
        )}
      </div>
      {flow && (
        <dl className="flow-meta">
          <div>
            <dt>Status</dt>
            <dd data-testid="flow-status">{flow.kind === 'helper' ? 'Helper flow' : flow.active ? 'On' : 'Off'}</dd>
          </div>
          <div>
            <dt>Trigger</dt>
            <dd>{triggerLabel(flow.triggerType)}</dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd data-testid="flow-version">{flow.version}</dd>
          </div>
          <div>
            <dt>Last changed</dt>
            <dd>{when(flow.lastUpdated)}</dd>
          </div>
          {flow.invokeUrl && (
            <div>
              <dt>Invoke URL</dt>
              <dd>
                <code>{flow.invokeUrl}</code>
              </dd>
            </div>
          )}
        </dl>
      )}
      <div aria-live="polite" className="notice-area">
        {notice?.kind === 'ok' && (
          <p role="status" data-testid="flow-notice">
            {notice.text}
          </p>
        )}
        {notice?.kind === 'error' && <Problems messages={notice.messages} testId="flow-error" />}
      </div>
      <div className="flow-columns">
        <section className="panel" aria-labelledby="cards-heading">
          <h2 id="cards-heading">Cards</h2>
          {drawn ? (
            <FlowCardView definition={drawn} catalogue={catalogue} connections={connections} />
          ) : (
            <>
              <p className="muted">The editor’s text cannot be drawn as cards; {flow ? 'the saved version is shown' : 'fix it to see them'}.</p>
              {flow && <FlowCardView definition={flow.definition} catalogue={catalogue} connections={connections} />}
            </>
          )}
        </section>
        <section className="panel" aria-labelledby="editor-heading">
          <h2 id="editor-heading">Edit</h2>
          <FlowJsonEditor text={text} onChange={setText} validation={validation} />
          <div className="actions editor-actions">
            <button type="button" disabled={busy || validation.kind === 'syntax' || (!!flow && !dirty)} onClick={() => void save()}>
              {busy ? 'Saving…' : flow ? 'Save' : 'Create flow'}
            </button>
            {flow && dirty && (
              <button type="button" className="secondary" onClick={() => setText(saved)}>
                Discard changes
              </button>
            )}
            <span className="muted" data-testid="dirty">{flow ? (dirty ? 'Unsaved changes' : 'Saved') : 'Not saved yet'}</span>
          </div>
        </section>
      </div>
      {flow && flow.kind === 'main' && (
        <section className="panel" aria-labelledby="run-heading">
          <h2 id="run-heading">Run with inputs</h2>
          <RunFlowForm session={session} flow={flow} />
        </section>
      )}
    </Frame>
  );
}

function Frame({ children }: { children: ReactNode }) {
  return (
    <main className="page">
      <WorkflowsNav current="/console/workflows/flows" />
      <p>
        <ConsoleLink to="/console/workflows/flows">← Flows</ConsoleLink>
      </p>
      {children}
    </main>
  );
}
