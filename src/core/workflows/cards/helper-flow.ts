import { CardError, FLOW_ID_INPUT, type CardContext, type InputSpec } from '../card.js';
import { asList, asNumber, describe } from './coerce.js';

export function helperFlowId(inputs: Record<string, unknown>, title: string): string {
  const flowId = inputs[FLOW_ID_INPUT];
  if (typeof flowId !== 'string' || flowId === '') throw new CardError(`${title} needs the id of a helper flow`, 'INVALID_INPUT');
  return flowId;
}

/** The inputs a card forwards to its helper: all but the reserved flow id and the card's own fixed inputs. */
export function forwardedInputs(inputs: Record<string, unknown>, fixed: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== FLOW_ID_INPUT && !fixed.includes(key)));
}

/** For Each, Map and Filter: the list, and how many helper runs may be in flight at once (1–200, workflows.md §7.4). */
export const PER_ITEM_INPUTS: Record<'list' | 'concurrency', InputSpec> = {
  list: { type: 'list', required: true },
  concurrency: { type: 'number' },
};

export const MAX_CONCURRENCY = 200;

export function readConcurrency(value: unknown): number {
  if (value === null || value === undefined) return 1;
  const n = asNumber(value, 'concurrency');
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) throw new CardError(`Input "concurrency" must be a whole number from 1 to ${MAX_CONCURRENCY}; got ${describe(value)}`, 'INVALID_INPUT');
  return n;
}

/**
 * Calls the card's helper once per item of `inputs.list` with `{...constants, item, index}`, at most
 * `concurrency` at a time, and answers the helpers' Return values in item order whatever order they finish
 * in. After a failure no further item starts; the calls in flight settle, then the card fails with the
 * failed item's index (the lowest, when several failed) and the helper's error code and details.
 */
export async function callHelperPerItem(inputs: Record<string, unknown>, ctx: CardContext, title: string): Promise<Record<string, unknown>[]> {
  const flowId = helperFlowId(inputs, title);
  const list = asList(inputs.list, 'list');
  const concurrency = readConcurrency(inputs.concurrency);
  const constants = forwardedInputs(inputs, Object.keys(PER_ITEM_INPUTS));
  const results: Record<string, unknown>[] = new Array(list.length);
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;

  async function worker(): Promise<void> {
    while (failures.length === 0 && next < list.length) {
      const index = next++;
      try {
        results[index] = await ctx.callFlow(flowId, { ...constants, item: list[index], index });
      } catch (error) {
        failures.push({ index, error });
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  if (failures.length > 0) {
    const { index, error } = failures.reduce((first, f) => (f.index < first.index ? f : first));
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CardError) throw new CardError(`${title}: the helper flow failed for item ${index}: ${message}`, error.code, { ...error.details, retryable: false });
    throw new CardError(`${title}: the helper flow failed for item ${index}: ${message}`, 'ERROR');
  }
  return results;
}

/** A helper's Return as one value: the value itself when it returned exactly one field, else the whole object. */
export function singleValue(returned: Record<string, unknown>): unknown {
  const keys = Object.keys(returned);
  return keys.length === 1 ? returned[keys[0]!] : returned;
}
