import type { CardDef, FlowDefinition } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCardList = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.every(isCard));

function isCard(v: unknown): boolean {
  if (!isObject(v) || typeof v.id !== 'string' || typeof v.type !== 'string') return false;
  if (v.inputs !== undefined && !isObject(v.inputs)) return false;
  if (v.cases !== undefined && !(Array.isArray(v.cases) && v.cases.every((c) => isObject(c) && isCardList(c.cards) && isObject(c.condition)))) return false;
  if (v.condition !== undefined && !isObject(v.condition)) return false;
  return isCardList(v.then) && isCardList(v.else) && isCardList(v.try) && isCardList(v.ifError);
}

/**
 * The text being edited, when it has the shape the card view draws (a trigger, cards with ids and types,
 * sections as lists). Only the shape: whether it is a valid flow is the server's answer.
 */
export function asDrawableDefinition(value: unknown): FlowDefinition | undefined {
  if (!isObject(value) || !isObject(value.trigger) || typeof value.trigger.type !== 'string' || !Array.isArray(value.cards)) return undefined;
  if (value.trigger.inputs !== undefined && !(Array.isArray(value.trigger.inputs) && value.trigger.inputs.every(isObject))) return undefined;
  if (!value.cards.every(isCard)) return undefined;
  return value as unknown as FlowDefinition & { cards: CardDef[] };
}
