import type { FieldDef, FieldType, Trigger } from '../../core/workflows/flow-definition.js';
import { CommandFailed } from './command-options.js';

/** The fields a run may be given: the trigger's declared inputs (schedule and event flows declare none). */
export function declaredInputs(trigger: Trigger): readonly FieldDef[] {
  return trigger.type === 'delegated' || trigger.type === 'api_endpoint' || trigger.type === 'helper' ? trigger.inputs : [];
}

const PARSE: Record<FieldType, (text: string) => unknown> = {
  text: (t) => t,
  datetime: (t) => t,
  file: (t) => t,
  number: (t) => {
    const n = Number(t);
    if (t.trim() === '' || !Number.isFinite(n)) throw new Error('a number');
    return n;
  },
  boolean: (t) => {
    if (t !== 'true' && t !== 'false') throw new Error('true or false');
    return t === 'true';
  },
  object: (t) => {
    const v: unknown = JSON.parse(t);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('a JSON object');
    return v;
  },
  list: (t) => {
    const v: unknown = JSON.parse(t);
    if (!Array.isArray(v)) throw new Error('a JSON list');
    return v;
  },
};

/**
 * `--input key=value` pairs as the run's inputs, each value read as its declared type (`count=3` a
 * number, `notify=true` a boolean, objects and lists as JSON). Keys the flow does not declare stay text;
 * the API refuses them for delegated flows.
 */
export function runInputs(pairs: readonly [string, string][], fields: readonly FieldDef[]): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [key, text] of pairs) {
    const field = fields.find((f) => f.key === key);
    if (!field) {
      inputs[key] = text;
      continue;
    }
    try {
      inputs[key] = PARSE[field.type](text);
    } catch (err) {
      const expected = err instanceof SyntaxError ? `valid JSON (${field.type})` : (err as Error).message;
      throw new CommandFailed(`--input ${key}: the flow declares ${key} as ${field.type}; expected ${expected}, got '${text}'`);
    }
  }
  return inputs;
}
