import { useEffect, useRef, useState } from 'react';
import { ApiCallError, apiSend } from '../../api';
import type { Session } from '../../auth';
import { refusal } from './flow-api';
import { parseJson, type JsonSyntaxError } from './json-error';
import { FLOWS_API, type ScopeWarning } from './types';

export type Validation =
  | { kind: 'idle' }
  | { kind: 'syntax'; error: JsonSyntaxError }
  | { kind: 'checking' }
  | { kind: 'invalid'; messages: string[] }
  | { kind: 'valid'; warnings: ScopeWarning[] }
  | { kind: 'unchecked'; messages: string[] };

/** How long typing must pause before the text is checked: a check per pause, not per keystroke. */
const PAUSE_MS = 400;

/**
 * Validates the editor's text as you type: after each pause, first as JSON (the line and column of a
 * syntax error), then by the server exactly as a save would (`POST …/flows/validate`, which saves
 * nothing): its 400 causes, or the scope warnings the saved flow would carry. An answer to an older text
 * is dropped.
 */
export function useFlowValidation(session: Session, text: string, flowId: string | undefined): Validation {
  const [validation, setValidation] = useState<Validation>({ kind: 'idle' });
  const latest = useRef(0);
  useEffect(() => {
    const mine = ++latest.current;
    const timer = setTimeout(() => {
      const parsed = parseJson(text);
      if (!parsed.ok) return setValidation({ kind: 'syntax', error: parsed.error });
      setValidation({ kind: 'checking' });
      const query = flowId ? `?flowId=${encodeURIComponent(flowId)}` : '';
      apiSend<{ _keyflow: { warnings: ScopeWarning[] } }>(session, 'POST', `${FLOWS_API}/validate${query}`, parsed.value).then(
        (answer) => mine === latest.current && setValidation({ kind: 'valid', warnings: answer?._keyflow.warnings ?? [] }),
        (err: unknown) => {
          if (mine !== latest.current) return;
          const said = err instanceof ApiCallError && err.status === 400;
          setValidation({ kind: said ? 'invalid' : 'unchecked', messages: refusal(err) });
        },
      );
    }, PAUSE_MS);
    return () => clearTimeout(timer);
  }, [session, text, flowId]);
  return validation;
}
