import { CardError, outputs, type CardSpec } from '../card.js';
import { asObject, asText, isPlainObject } from './coerce.js';

const INDEX = /^(0|[1-9]\d*)$/;

/**
 * Okta's Object "Get": the value at a dot-separated `path` (`profile.login`, `emails.0.value`: a number
 * steps into a list), or null when any step is absent.
 */
export const objectGetCard: CardSpec = {
  type: 'object.get',
  title: 'Get',
  category: 'object',
  inputs: { object: { type: 'object', required: true }, path: { type: 'text', required: true } },
  // The value may be of any type; FieldDef has no "any".
  outputs: [{ key: 'value', type: 'text' }],
  connection: 'none',
  async run(inputs) {
    const object = asObject(inputs.object, 'object');
    const path = asText(inputs.path, 'path');
    if (path === '') throw new CardError('Input "path" is required', 'INVALID_INPUT');
    let value: unknown = object;
    for (const step of path.split('.')) {
      if (Array.isArray(value) && INDEX.test(step)) value = value[Number(step)];
      else if (isPlainObject(value) && Object.hasOwn(value, step)) value = value[step];
      else value = undefined;
      if (value === undefined) break;
    }
    return outputs({ value: value ?? null });
  },
};
