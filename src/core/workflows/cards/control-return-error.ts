import { CardError, type CardSpec, type InputSpec } from '../card.js';
import { asText, describe } from './coerce.js';

export const RETURN_ERROR_DEFAULT_CODE = 'ERROR';

export const ERROR_INPUTS: Record<'message' | 'code', InputSpec> = {
  message: { type: 'text', required: true },
  code: { type: 'any' },
};

/** The CardError Return Error (If) throws: the message, and the code when it is a number or a non-empty text. */
export function requestedError(inputs: Record<string, unknown>): CardError {
  const message = asText(inputs.message, 'message');
  const code = inputs.code;
  if (code === null || code === undefined || code === '') return new CardError(message, RETURN_ERROR_DEFAULT_CODE, { retryable: false });
  if ((typeof code === 'number' && Number.isFinite(code)) || typeof code === 'string') return new CardError(message, code, { retryable: false });
  throw new CardError(`Input "code" must be a number or a text; got ${describe(code)}`, 'INVALID_INPUT');
}

/** Okta's "Return Error" (workflows.md §3.2, §7.3): halts the flow with an error (If Error catches it). */
export const returnErrorCard: CardSpec = {
  type: 'control.returnError',
  title: 'Return Error',
  category: 'control',
  inputs: ERROR_INPUTS,
  outputs: [],
  connection: 'none',
  async run(inputs) {
    throw requestedError(inputs);
  },
};
