import { CardError, outputs, type CardSpec } from '../card.js';
import { asText, toText } from './coerce.js';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Okta's "Compose" (workflows.md §3.2 Text): the template with each `{{key}}` (spaces inside the braces
 * allowed) replaced by the card's input of that key — objects and lists as JSON, nulls as nothing. A
 * placeholder naming no input is an error rather than text left in a message.
 */
export const composeCard: CardSpec = {
  type: 'text.compose',
  title: 'Compose',
  category: 'text',
  inputs: { template: { type: 'text', required: true } },
  extensibleInputs: true,
  outputs: [{ key: 'output', type: 'text' }],
  connection: 'none',
  async run(inputs) {
    const template = asText(inputs.template, 'template');
    const output = template.replace(PLACEHOLDER, (_, key: string) => {
      if (key === 'template' || !Object.hasOwn(inputs, key)) throw new CardError(`Compose: the template names {{${key}}}, which is not an input of the card`, 'INVALID_INPUT');
      return toText(inputs[key]);
    });
    return outputs({ output });
  },
};
