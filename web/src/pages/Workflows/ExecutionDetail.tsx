import { useEffect, useState } from 'react';
import { apiGet } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { refusal } from './flow-api';
import { duration, logLinkForExecution, logLinkForRequest, triggerLabel, when } from './format';
import { Problems } from './Problems';
import { EXECUTIONS_API, FINAL_STATUSES, FLOWS_API, type CardRun, type Execution, type ExecutionError, type Flow } from './types';
import { WorkflowsNav } from './WorkflowsNav';
import './workflows.css';

/** How often a queued or running execution is read again, until it ends. */
const REFRESH_MS = 1000;

type State = { kind: 'loading' } | { kind: 'error'; messages: string[] } | { kind: 'done'; execution: Execution };

/**
 * /console/workflows/executions/{id}: an execution's status, timing, input, output or error, and each card
 * it ran with its inputs, outputs, error and HTTP status; each Okta call links to its System Log events
 * (the org's request id is their `transaction.id`). Read again every second until the execution ends.
 */
export function ExecutionDetail({ session, executionId }: { session: Session; executionId: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [flow, setFlow] = useState<Flow | undefined>(undefined);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () =>
      apiGet<Execution>(session, `${EXECUTIONS_API}/${encodeURIComponent(executionId)}`).then(
        ({ body }) => {
          if (!live) return;
          setState({ kind: 'done', execution: body });
          if (!FINAL_STATUSES.includes(body.status)) timer = setTimeout(() => void read(), REFRESH_MS);
        },
        (err: unknown) => live && setState({ kind: 'error', messages: refusal(err) }),
      );
    void read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [session, executionId]);

  const flowId = state.kind === 'done' ? state.execution.flowId : undefined;
  useEffect(() => {
    if (!flowId) return;
    apiGet<Flow>(session, `${FLOWS_API}/${encodeURIComponent(flowId)}`).then(
      ({ body }) => setFlow(body),
      () => setFlow(undefined), // a deleted flow: its id is shown
    );
  }, [session, flowId]);

  return (
    <main className="page">
      <WorkflowsNav current="/console/workflows/executions" />
      <p>
        <ConsoleLink to="/console/workflows/executions">← Executions</ConsoleLink>
      </p>
      {state.kind === 'loading' && <p role="status">Loading the execution…</p>}
      {state.kind === 'error' && <Problems messages={state.messages} />}
      {state.kind === 'done' && <ExecutionView execution={state.execution} flow={flow} />}
    </main>
  );
}

function ExecutionView({ execution: e, flow }: { execution: Execution; flow: Flow | undefined }) {
  const running = !FINAL_STATUSES.includes(e.status);
  return (
    <>
      <h1>
        Execution of {flow ? flow.name : e.flowId} <span className={`status status-${e.status.toLowerCase()}`} data-testid="execution-status">{e.status}</span>
      </h1>
      <section className="panel">
        <dl className="flow-meta">
          <div>
            <dt>Flow</dt>
            <dd>
              <ConsoleLink to={`/console/workflows/flows/${e.flowId}`}>{flow ? flow.name : e.flowId}</ConsoleLink> (version {e.flowVersion})
            </dd>
          </div>
          <div>
            <dt>Trigger</dt>
            <dd>{triggerLabel(e.trigger.type)}</dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>{when(e.startedAt ?? e.queuedAt)}</dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd data-testid="execution-duration">{running ? `${e.status.toLowerCase()}…` : duration(e.durationMs)}</dd>
          </div>
          <div>
            <dt>Id</dt>
            <dd>
              <code>{e.id}</code>
            </dd>
          </div>
        </dl>
        <p>
          <ConsoleLink to={logLinkForExecution(e.id, e.queuedAt, e.finishedAt)}>Every System Log event of this execution</ConsoleLink>
        </p>
        {e.error && <ErrorBox error={e.error} />}
        <Data label="Input" value={e.input} none="Not kept: the flow does not save execution data." />
        <Data label="Output" value={e.output} none={e.status === 'SUCCEEDED' ? 'No Return values.' : 'None.'} testId="execution-output" />
      </section>
      <section className="panel" aria-labelledby="card-runs">
        <h2 id="card-runs">Cards</h2>
        {e.cards.length === 0 && <p className="muted">{running ? 'No card has ended yet.' : 'No card ran.'}</p>}
        <ol className="card-runs" data-testid="card-runs">
          {e.cards.map((card, i) => (
            <CardRunItem key={`${card.cardId}-${i}`} card={card} />
          ))}
        </ol>
      </section>
    </>
  );
}

function CardRunItem({ card }: { card: CardRun }) {
  return (
    <li className="card-run" data-card-id={card.cardId}>
      <div className="card-head">
        <span className="card-title">{card.title}</span>
        <code className="card-type">{card.type}</code>
        <span className="card-id">id {card.cardId}</span>
        <span className={`status status-${card.status.toLowerCase()}`}>{card.status}</span>
      </div>
      <p className="card-line muted">
        {duration(card.durationMs)}
        {card.attempts > 1 ? `, ${card.attempts} attempts` : ''}
        {card.httpStatus !== undefined && (
          <>
            , HTTP <span data-testid="card-http-status">{card.httpStatus}</span>
          </>
        )}
      </p>
      {card.requestIds && card.requestIds.length > 0 && (
        <ul className="request-links">
          {card.requestIds.map((id) => (
            <li key={id}>
              <ConsoleLink to={logLinkForRequest(id, card.startedAt, card.durationMs)} data-testid="card-log-link">
                System Log events of request {id}
              </ConsoleLink>
            </li>
          ))}
        </ul>
      )}
      {card.error && <ErrorBox error={card.error} />}
      {card.inputs !== undefined && <Data label="Inputs" value={card.inputs} testId="card-inputs" />}
      {card.outputs !== undefined && <Data label="Outputs" value={card.outputs} testId="card-outputs" />}
    </li>
  );
}

function ErrorBox({ error }: { error: ExecutionError }) {
  return (
    <div className="problems" data-testid="execution-error">
      <p>
        Error{error.method ? ` in card ${error.method}` : ''}: {error.message} <span className="muted">(code {String(error.code)}{error.errorCode ? `, ${error.errorCode}` : ''})</span>
      </p>
      {error.raw !== undefined && <pre className="json-view">{JSON.stringify(error.raw, null, 2)}</pre>}
    </div>
  );
}

function Data({ label, value, none = 'None.', testId }: { label: string; value: unknown; none?: string; testId?: string }) {
  return (
    <div className="data-block" data-testid={testId}>
      <h3>{label}</h3>
      {value === null || value === undefined ? <p className="muted">{none}</p> : <pre className="json-view">{JSON.stringify(value, null, 2)}</pre>}
    </div>
  );
}
