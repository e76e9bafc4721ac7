import { useId, useRef } from 'react';
import { Problems } from './Problems';
import type { Validation } from './use-flow-validation';

/**
 * The definition as JSON: a textarea with a line-number gutter (no editor library: the first load stays
 * small), and under it what the last check found. A syntax error marks its line in the gutter, and
 * "Go to the error" puts the caret on it.
 */
export function FlowJsonEditor({ text, onChange, validation }: { text: string; onChange: (text: string) => void; validation: Validation }) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLPreElement>(null);
  const lineCount = text.split('\n').length;
  const errorLine = validation.kind === 'syntax' ? validation.error.line : 0;

  function goToError(): void {
    if (validation.kind !== 'syntax' || !area.current) return;
    area.current.focus();
    area.current.setSelectionRange(validation.error.offset, validation.error.offset);
  }

  return (
    <div className="json-editor-block">
      <label htmlFor={`${id}-json`}>Definition (JSON)</label>
      <div className="json-editor">
        <pre className="gutter" aria-hidden="true" ref={gutter}>
          {Array.from({ length: lineCount }, (_, i) => (
            <span key={i} className={i + 1 === errorLine ? 'error-line' : undefined}>
              {i + 1}
              {'\n'}
            </span>
          ))}
        </pre>
        <textarea
          id={`${id}-json`}
          ref={area}
          value={text}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          wrap="off"
          rows={24}
          aria-invalid={validation.kind === 'syntax' || validation.kind === 'invalid'}
          aria-describedby={`${id}-status`}
          data-testid="flow-json"
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      <div id={`${id}-status`} className="editor-status" aria-live="polite" data-testid="editor-status">
        {validation.kind === 'idle' && <p className="muted">Checked as you type.</p>}
        {validation.kind === 'checking' && <p className="muted">Checking…</p>}
        {validation.kind === 'syntax' && (
          <div className="problems" role="alert" data-testid="json-syntax-error">
            <p>
              Not valid JSON at line {validation.error.line}, column {validation.error.column}: {validation.error.message}.
            </p>
            <button type="button" className="secondary" onClick={goToError}>
              Go to the error
            </button>
          </div>
        )}
        {validation.kind === 'invalid' && <Problems messages={validation.messages} testId="flow-validation-errors" />}
        {validation.kind === 'unchecked' && <Problems messages={['The definition could not be checked:', ...validation.messages]} />}
        {validation.kind === 'valid' && validation.warnings.length === 0 && (
          <p className="ok-text" data-testid="flow-valid">
            Valid: saving it would succeed.
          </p>
        )}
        {validation.kind === 'valid' && validation.warnings.length > 0 && (
          <div className="warning-box" data-testid="flow-warnings">
            <p>Valid, and it can be saved; it cannot be turned on until its connections are granted these scopes:</p>
            <ul>
              {validation.warnings.map((w) => (
                <li key={`${w.path}-${w.missingScopes.join()}`}>
                  <code>{w.path}</code>: {w.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}
