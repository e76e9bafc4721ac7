import { useId, useState, type FormEvent } from 'react';
import { apiSend } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { refusal } from './flow-api';
import { parseJson } from './json-error';
import { Problems } from './Problems';
import { FLOWS_API, type FieldDef, type Flow } from './types';

type Outcome = { kind: 'idle' } | { kind: 'running' } | { kind: 'queued'; executionId: string; status: string } | { kind: 'error'; messages: string[] };

/**
 * Run with inputs: one field per input the trigger declares (delegated and API endpoint flows), sent as
 * `POST …/flows/{id}/run {"inputs": …}`; the answer links to the execution. Other main flows run with
 * no inputs, as an admin's manual run.
 */
export function RunFlowForm({ session, flow }: { session: Session; flow: Flow }) {
  const id = useId();
  const fields = flow.definition.trigger.inputs ?? [];
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  async function run(event: FormEvent): Promise<void> {
    event.preventDefault();
    const inputs: Record<string, unknown> = {};
    for (const field of fields) {
      const converted = convert(field, values[field.key]);
      if (converted.error) return setOutcome({ kind: 'error', messages: [`${field.key}: ${converted.error}`] });
      if (converted.value !== undefined) inputs[field.key] = converted.value;
    }
    setOutcome({ kind: 'running' });
    try {
      const answer = (await apiSend<{ executionId: string; status: string }>(session, 'POST', `${FLOWS_API}/${encodeURIComponent(flow.id)}/run`, { inputs }))!;
      setOutcome({ kind: 'queued', executionId: answer.executionId, status: answer.status });
    } catch (err) {
      setOutcome({ kind: 'error', messages: refusal(err) });
    }
  }

  return (
    <form className="run-form" onSubmit={(e) => void run(e)} data-testid="run-form">
      {fields.length === 0 && <p className="muted">This flow declares no inputs: it runs as if its trigger had fired, started by you.</p>}
      {fields.map((field) => (
        <div key={field.key} className="run-field">
          {field.type === 'boolean' ? (
            <label className="check">
              <input type="checkbox" checked={values[field.key] === true} onChange={(e) => setValues({ ...values, [field.key]: e.target.checked })} /> {field.key}
            </label>
          ) : (
            <>
              <label htmlFor={`${id}-${field.key}`}>
                {field.key} <span className="muted">({field.type})</span>
              </label>
              {field.type === 'object' || field.type === 'list' ? (
                <textarea id={`${id}-${field.key}`} rows={3} spellCheck={false} value={String(values[field.key] ?? '')} onChange={(e) => setValues({ ...values, [field.key]: e.target.value })} placeholder={field.type === 'list' ? '[ … ] as JSON' : '{ … } as JSON'} />
              ) : (
                <input
                  id={`${id}-${field.key}`}
                  type={field.type === 'number' ? 'number' : field.type === 'datetime' ? 'datetime-local' : 'text'}
                  step={field.type === 'number' ? 'any' : field.type === 'datetime' ? 1 : undefined}
                  value={String(values[field.key] ?? '')}
                  onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
                />
              )}
            </>
          )}
        </div>
      ))}
      <button type="submit" disabled={outcome.kind === 'running'}>
        {outcome.kind === 'running' ? 'Starting…' : 'Run'}
      </button>
      <div aria-live="polite">
        {outcome.kind === 'queued' && (
          <p role="status" data-testid="run-result">
            Started: execution <ConsoleLink to={`/console/workflows/executions/${outcome.executionId}`}>{outcome.executionId}</ConsoleLink> ({outcome.status}).
          </p>
        )}
        {outcome.kind === 'error' && <Problems messages={['The flow did not run:', ...outcome.messages]} testId="run-error" />}
      </div>
    </form>
  );
}

/** A form value as the input's type takes it; empty fields are left out (the flow sees null). */
function convert(field: FieldDef, raw: string | boolean | undefined): { value?: unknown; error?: string } {
  if (field.type === 'boolean') return { value: raw === true };
  if (raw === undefined || raw === '') return {};
  const text = String(raw);
  if (field.type === 'number') return Number.isFinite(Number(text)) ? { value: Number(text) } : { error: 'Must be a number' };
  if (field.type === 'datetime') return Number.isNaN(Date.parse(text)) ? { error: 'Must be a date and time' } : { value: new Date(text).toISOString() };
  if (field.type === 'object' || field.type === 'list') {
    const parsed = parseJson(text);
    if (!parsed.ok) return { error: `Not valid JSON at line ${parsed.error.line}, column ${parsed.error.column}: ${parsed.error.message}` };
    if (field.type === 'list' ? !Array.isArray(parsed.value) : typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return { error: `Must be a JSON ${field.type === 'list' ? 'list' : 'object'}` };
    return { value: parsed.value };
  }
  return { value: text };
}
