import { CardError, type CardSpec } from '../card.js';
import { asNumber, asObject, describe, toText } from './coerce.js';

/**
 * Okta's "Return Raw" (workflows.md §3.2 Flow Control): an API endpoint flow answers exactly this status
 * (200 or 400–599), headers and body. Header values become text; an object or list body becomes JSON.
 */
export const returnRawCard: CardSpec = {
  type: 'control.returnRaw',
  title: 'Return Raw',
  category: 'control',
  inputs: { statusCode: { type: 'number', required: true }, headers: { type: 'object' }, body: { type: 'text' } },
  outputs: [],
  connection: 'none',
  async run(inputs) {
    const statusCode = asNumber(inputs.statusCode, 'statusCode');
    if (!Number.isInteger(statusCode) || (statusCode !== 200 && (statusCode < 400 || statusCode > 599))) {
      throw new CardError(`Input "statusCode" must be 200 or from 400 to 599; got ${describe(inputs.statusCode)}`, 'INVALID_INPUT');
    }
    const given = inputs.headers === null || inputs.headers === undefined ? {} : asObject(inputs.headers, 'headers');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(given)) if (value !== null && value !== undefined) headers[name] = toText(value);
    return { kind: 'returnRaw', statusCode, headers, body: toText(inputs.body) };
  },
};
